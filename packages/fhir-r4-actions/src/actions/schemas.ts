import { z } from 'zod';
import { FHIR_ID } from '../cerner/constants.js';

const id = (what: string) => z.string().regex(FHIR_ID, `${what} must be a FHIR id (letters, digits, - and ., up to 64)`);
const text100 = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(100, `${what}: Cerner allows at most 100 characters`);
const dateTime = z.iso.datetime({ offset: true, message: 'must be an ISO date-time with a timezone, e.g. 2026-11-25T10:00:00Z' });

export const getPatientInput = z.strictObject({ patientId: id('patientId') });
export const getAppointmentInput = z.strictObject({ appointmentId: id('appointmentId') });
export const getEncounterInput = z.strictObject({ encounterId: id('encounterId') });
export const getPatientEncountersInput = z.strictObject({
  patientId: id('patientId'),
  maxPages: z.number().int().min(1).max(10_000).optional().describe('Safety limit on pages followed (default 1000)'),
});
export const findPatientByMrnInput = z.strictObject({
  mrn: z.string().trim().min(1, 'mrn must not be empty').max(64).regex(/^[^|,]+$/, 'mrn must not contain | or ,').describe('The medical record number'),
  system: z.string().min(1).max(256).regex(/^\S+$/, 'system must not contain spaces').optional().describe('Identifier system (default: the client mrnSystem)'),
});

export const addressInput = z.strictObject({
  line: z.array(text100('address.line')).max(4).optional(),
  city: text100('address.city').optional(),
  district: text100('address.district').optional(),
  state: text100('address.state').optional(),
  postalCode: z.string().trim().min(1).max(25, 'address.postalCode: Cerner allows at most 25 characters').optional(),
  country: text100('address.country').optional(),
  use: z.enum(['home', 'work', 'temp', 'old', 'billing']).optional(),
});

export const createPatientInput = z.strictObject({
  assigningOrganizationId: id('assigningOrganizationId').describe('Organization the patient is enrolled in; Millennium assigns the MRN'),
  family: text100('family').describe('Family name'),
  given: z.union([text100('given'), z.array(text100('given')).min(1).max(10)]).describe('Given name(s); Cerner keeps two, the rest join the second'),
  birthDate: z.iso.date({ message: 'birthDate must be YYYY-MM-DD' }).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  email: z.email({ message: 'email is not a valid address' }).max(100).optional(),
  phone: z.string().trim().min(3).max(100).regex(/^[+()\d\s.-]+$/, 'phone may contain digits, spaces and + ( ) . - only').optional(),
  ssn: z.string().trim().regex(/^\d{3}-?\d{2}-?\d{4}$/, 'ssn must be 9 digits (123-45-6789)').optional(),
  address: addressInput.optional(),
});

export const createClinicalNoteInput = z.strictObject({
  patientId: id('patientId'),
  encounterId: id('encounterId'),
  text: z.string().min(1, 'text must not be empty').max(5_000_000, 'text is too long'),
  title: z.string().trim().min(1).max(255).optional(),
  loincCode: z.string().regex(/^\d{1,7}-\d$/, 'loincCode must look like 11506-3').optional(),
  loincDisplay: z.string().min(1).max(255).optional(),
  contentType: z.enum(['text/plain', 'text/html']).optional().describe('Default text/plain'),
  authorId: id('authorId').optional().describe('Practitioner id (optional for system access)'),
  date: dateTime.optional().describe('When the note was written (default now)'),
  docStatus: z.enum(['final', 'amended']).optional(),
});

export type GetPatientInput = z.infer<typeof getPatientInput>;
export type GetAppointmentInput = z.infer<typeof getAppointmentInput>;
export type GetEncounterInput = z.infer<typeof getEncounterInput>;
export type GetPatientEncountersInput = z.infer<typeof getPatientEncountersInput>;
export type FindPatientByMrnInput = z.infer<typeof findPatientByMrnInput>;
export type CreatePatientInput = z.infer<typeof createPatientInput>;
export type CreateClinicalNoteInput = z.infer<typeof createClinicalNoteInput>;
