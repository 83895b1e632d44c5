import type { Address, ContactPoint, HumanName, Identifier, Patient } from 'fhir/r4.js';
import { z } from 'zod';
import { CERNER_LIMITS, SSN_SYSTEM, V2_0203_SYSTEM } from '../cerner/constants.js';
import type { ActionContext, ActionMeta } from './action-context.js';
import { createResource } from './create-resource.js';
import { cernerText, fhirId } from './schemas.js';

const streetLine = cernerText('Street line');

/**
 * Input schema of a `createPatient` address.
 *
 * @example
 * ```ts
 * patientAddressInput.parse({ line: ['1 Main St'], city: 'Kansas City', state: 'MO', postalCode: '64117' });
 * ```
 */
export const patientAddressInput = z
  .strictObject({
    use: z
      .enum(['home', 'work', 'temp', 'old', 'billing'])
      .optional()
      .describe('Address use (default home; Cerner requires one)'),
    line: z
      .union([
        streetLine,
        z.array(streetLine).min(1, 'must not be empty').max(4, 'at most 4 lines'),
      ])
      .optional()
      .describe('Street line(s)'),
    city: cernerText('City').optional(),
    district: cernerText('District or county').optional(),
    state: cernerText('State').optional(),
    postalCode: cernerText('Postal code', CERNER_LIMITS.postalCode).optional(),
    country: cernerText('Country').optional(),
  })
  .refine(
    (a) =>
      [a.line, a.city, a.district, a.state, a.postalCode, a.country].some((v) => v !== undefined),
    {
      error:
        'give at least one of line, city, district, state, postalCode, country (Cerner ignores an empty address)',
    },
  );

const givenName = cernerText('Given name');

/**
 * Input schema of `createPatient`.
 *
 * @example
 * ```ts
 * createPatientInput.safeParse({ assigningOrganizationId: '675844', family: 'Wolf', given: 'Person' }).success; // true
 * ```
 */
export const createPatientInput = z.strictObject({
  assigningOrganizationId: fhirId(
    'Organization the patient is enrolled in (e.g. 675844); Millennium assigns the MRN',
  ),
  family: cernerText('Family name'),
  given: z
    .union([
      givenName,
      z.array(givenName).min(1, 'must not be empty').max(10, 'at most 10 given names'),
    ])
    .superRefine((g, ctx) => {
      const list = Array.isArray(g) ? g : [g];
      if (
        list.length > CERNER_LIMITS.givenNames &&
        list.slice(1).join(' ').length > CERNER_LIMITS.text
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `Cerner keeps two given names, so the second and later ones are joined; together they exceed ${CERNER_LIMITS.text} characters`,
        });
      }
    })
    .describe(
      'Given name(s): first and middle; Cerner keeps two, further ones are joined into the second',
    ),
  prefix: cernerText('Name prefix (e.g. Dr.)').optional(),
  suffix: cernerText('Name suffix (e.g. Jr.)').optional(),
  birthDate: z.iso
    .date({ error: 'expected YYYY-MM-DD' })
    .optional()
    .describe('Birth date, YYYY-MM-DD'),
  gender: z
    .enum(['male', 'female', 'other', 'unknown'])
    .optional()
    .describe('Administrative gender'),
  email: z
    .email({ error: 'expected an email address' })
    .max(CERNER_LIMITS.text, `Cerner accepts at most ${CERNER_LIMITS.text} characters`)
    .optional()
    .describe('Email (telecom, use home)'),
  phone: z
    .string()
    .trim()
    .max(CERNER_LIMITS.text, `Cerner accepts at most ${CERNER_LIMITS.text} characters`)
    .regex(
      /^\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:\s*(?:x|ext\.?)\s*\d+)?$/i,
      'expected a phone number: digits, spaces, + ( ) . - / and an optional extension',
    )
    .refine((p) => p.replace(/\D/g, '').length >= 3, {
      error: 'expected a phone number with at least 3 digits',
    })
    .optional()
    .describe('Phone number (telecom)'),
  phoneUse: z.enum(['home', 'work', 'mobile']).optional().describe('Phone use (default home)'),
  ssn: z
    .string()
    .trim()
    .regex(/^\d{3}-?\d{2}-?\d{4}$/, 'expected 9 digits, e.g. 123-45-6789')
    .optional()
    .describe('US Social Security number (sent as a us-ssn identifier)'),
  address: patientAddressInput.optional().describe('Postal address'),
});
/**
 * Input of `createPatient`.
 *
 * @example
 * ```ts
 * const input: CreatePatientInput = { assigningOrganizationId: '675844', family: 'Wolf', given: ['Person', 'Name'] };
 * ```
 */
export type CreatePatientInput = z.input<typeof createPatientInput>;

/** @internal */
export const createPatientMeta: ActionMeta<'createPatient'> = {
  key: 'createPatient',
  title: 'Create patient',
  description:
    'Creates a Patient under Cerner’s rules (POST Patient): the first identifier names the assigning Organization and Millennium assigns the MRN. Every given field is sent. Returns { id } from Location.',
  requiredScopes: ['system/Patient.write'],
  requiredScopesV2: ['system/Patient.c'],
};

/**
 * The Patient body Cerner accepts on create (fhir.cerner.com, Patient create): the first
 * identifier holds only the assigning Organization (Millennium assigns the MRN); one official
 * name with family and at most two given names (further given names are joined into the second,
 * space-separated); then every other field the caller gave: SSN as a typed `us-ssn` identifier,
 * email and phone as telecoms with system, use and value, birth date, gender, and an address with
 * a use. Nothing given is dropped.
 *
 * @param input - validated `createPatient` input
 * @returns the Patient to POST
 * @example
 * ```ts
 * buildPatient({ assigningOrganizationId: '675844', family: 'Wolf', given: ['Person', 'Name'], birthDate: '1990-09-15' });
 * ```
 */
export function buildPatient(input: z.output<typeof createPatientInput>): Patient {
  const givenList = Array.isArray(input.given) ? input.given : [input.given];
  const given =
    givenList.length > CERNER_LIMITS.givenNames
      ? [givenList[0]!, givenList.slice(1).join(' ')]
      : [...givenList];
  const identifier: Identifier[] = [
    { assigner: { reference: `Organization/${input.assigningOrganizationId}` } },
  ];
  if (input.ssn !== undefined) {
    const digits = input.ssn.replace(/-/g, '');
    identifier.push({
      type: {
        coding: [{ system: V2_0203_SYSTEM, code: 'SS', display: 'Social Security number' }],
        text: 'Social Security Number',
      },
      system: SSN_SYSTEM,
      value: `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`,
    });
  }
  const name: HumanName = {
    use: 'official',
    family: input.family,
    given,
    ...(input.prefix !== undefined ? { prefix: [input.prefix] } : {}),
    ...(input.suffix !== undefined ? { suffix: [input.suffix] } : {}),
  };
  const telecom: ContactPoint[] = [];
  if (input.phone !== undefined) {
    telecom.push({ system: 'phone', use: input.phoneUse ?? 'home', value: input.phone });
  }
  if (input.email !== undefined) telecom.push({ system: 'email', use: 'home', value: input.email });
  let address: Address | undefined;
  if (input.address !== undefined) {
    const a = input.address;
    address = {
      use: a.use ?? 'home',
      ...(a.line !== undefined ? { line: Array.isArray(a.line) ? [...a.line] : [a.line] } : {}),
      ...(a.city !== undefined ? { city: a.city } : {}),
      ...(a.district !== undefined ? { district: a.district } : {}),
      ...(a.state !== undefined ? { state: a.state } : {}),
      ...(a.postalCode !== undefined ? { postalCode: a.postalCode } : {}),
      ...(a.country !== undefined ? { country: a.country } : {}),
    };
  }
  return {
    resourceType: 'Patient',
    identifier,
    name: [name],
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(input.gender !== undefined ? { gender: input.gender } : {}),
    ...(input.birthDate !== undefined ? { birthDate: input.birthDate } : {}),
    ...(address !== undefined ? { address: [address] } : {}),
  };
}

/**
 * `POST Patient` with {@link buildPatient}'s body.
 *
 * @param ctx - the client's context
 * @param input - validated input
 * @returns `{ id }` of the new patient, from `Location`
 * @throws {@link FhirActionError} `unprocessable` when Cerner refuses a rule; `mayHaveSucceeded`
 *   on failures where the create may have happened
 * @example
 * ```ts
 * await client.createPatient({ assigningOrganizationId: '675844', family: 'Wolf', given: 'Person' });
 * ```
 * @internal
 */
export function createPatient(
  ctx: ActionContext,
  input: z.output<typeof createPatientInput>,
): Promise<{ id: string }> {
  return createResource(ctx.http, buildPatient(input));
}
