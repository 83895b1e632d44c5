import type { Appointment, Bundle, Encounter, Patient } from 'fhir/r4.js';
import { z } from 'zod';
import { FhirActionError } from '../errors.js';
import type { FhirHttp } from '../http/fhir-http-client.js';
import { buildDocumentReference } from './build-document-reference.js';
import { buildPatient } from './build-patient.js';
import { createResource } from './create-resource.js';
import { expectResource, readResource } from './read-resource.js';
import * as s from './schemas.js';
import { searchAllPages } from './search-pages.js';

/** What an action runs with. @internal */
export interface ActionContext {
  http: FhirHttp;
  mrnSystem: string;
  now: () => number;
}

/** One action: what it is, the scopes it needs, its input schema and how it runs. */
export interface ActionDefinition<I, O> {
  key: string;
  title: string;
  description: string;
  /** SMART scopes the Cerner app must be granted. */
  requiredScopes: readonly string[];
  /** zod schema of the input; unknown fields are rejected. */
  input: z.ZodType<I>;
  /** Runs with validated input. */
  run(ctx: ActionContext, input: I): Promise<O>;
}

function define<I, O>(d: ActionDefinition<I, O>): ActionDefinition<I, O> {
  return d;
}

const PATIENT_READ = ['system/Patient.read'] as const;

/**
 * The seven Cerner actions. An orchestrator can list them, validate input, request exactly the
 * scopes they need, and run them through `client.run(key, input)`.
 */
export const actions = {
  getPatient: define<s.GetPatientInput, Patient>({
    key: 'getPatient',
    title: 'Get patient',
    description: 'Reads a Patient by id (GET Patient/{id}).',
    requiredScopes: PATIENT_READ,
    input: s.getPatientInput,
    run: (ctx, i) => readResource<Patient>(ctx.http, 'Patient', i.patientId, PATIENT_READ),
  }),
  createPatient: define<s.CreatePatientInput, { id: string }>({
    key: 'createPatient',
    title: 'Create patient',
    description: 'Creates a Patient under Cerner’s rules (POST Patient); Millennium assigns the MRN. Returns the new id.',
    requiredScopes: ['system/Patient.write'],
    input: s.createPatientInput,
    run: (ctx, i) => createResource(ctx.http, buildPatient(i), ['system/Patient.write']),
  }),
  findPatientByMrn: define<s.FindPatientByMrnInput, { id: string } | null>({
    key: 'findPatientByMrn',
    title: 'Find patient by MRN',
    description: 'Searches Patient?identifier={system}|{mrn}. Returns the id, null when none matches, and fails when several do.',
    requiredScopes: PATIENT_READ,
    input: s.findPatientByMrnInput,
    run: async (ctx, i) => {
      const q = new URLSearchParams({ identifier: `${i.system ?? ctx.mrnSystem}|${i.mrn}` });
      const res = await ctx.http.request({ method: 'GET', path: `Patient?${q.toString()}`, requiredScopes: PATIENT_READ, resourceType: 'Patient' });
      const bundle = expectResource<Bundle>(res.body, 'Bundle');
      const ids = [...new Set((bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Patient' && e.search?.mode !== 'include').map((e) => e.resource!.id!))];
      if (ids.length > 1) {
        throw new FhirActionError('multiple_matches', `findPatientByMrn: ${ids.length} patients share this MRN in this identifier system; resolve the duplicate in Millennium`);
      }
      return ids.length === 1 ? { id: ids[0]! } : null;
    },
  }),
  getAppointment: define<s.GetAppointmentInput, Appointment>({
    key: 'getAppointment',
    title: 'Get appointment',
    description: 'Reads an Appointment by id (GET Appointment/{id}).',
    requiredScopes: ['system/Appointment.read'],
    input: s.getAppointmentInput,
    run: (ctx, i) => readResource<Appointment>(ctx.http, 'Appointment', i.appointmentId, ['system/Appointment.read']),
  }),
  getPatientEncounters: define<s.GetPatientEncountersInput, Encounter[]>({
    key: 'getPatientEncounters',
    title: 'Get patient encounters',
    description: 'Every Encounter of a patient (GET Encounter?patient={id}, following every next page), oldest first.',
    requiredScopes: ['system/Encounter.read'],
    input: s.getPatientEncountersInput,
    run: (ctx, i) =>
      searchAllPages<Encounter>(ctx.http, `Encounter?${new URLSearchParams({ patient: i.patientId }).toString()}`, 'Encounter', ['system/Encounter.read'], i.maxPages ?? 1000),
  }),
  createClinicalNote: define<s.CreateClinicalNoteInput, { id: string }>({
    key: 'createClinicalNote',
    title: 'Create clinical note',
    description: 'Creates a DocumentReference with the note text (POST DocumentReference). Returns the new id.',
    requiredScopes: ['system/DocumentReference.write'],
    input: s.createClinicalNoteInput,
    run: (ctx, i) => createResource(ctx.http, buildDocumentReference(i, new Date(ctx.now())), ['system/DocumentReference.write']),
  }),
  getEncounter: define<s.GetEncounterInput, Encounter>({
    key: 'getEncounter',
    title: 'Get encounter',
    description: 'Reads an Encounter by id (GET Encounter/{id}).',
    requiredScopes: ['system/Encounter.read'],
    input: s.getEncounterInput,
    run: (ctx, i) => readResource<Encounter>(ctx.http, 'Encounter', i.encounterId, ['system/Encounter.read']),
  }),
} as const;

/** The action keys. */
export type ActionKey = keyof typeof actions;
/** Input of an action. */
export type ActionInput<K extends ActionKey> = (typeof actions)[K] extends ActionDefinition<infer I, unknown> ? I : never;
/** Result of an action. */
export type ActionResult<K extends ActionKey> = (typeof actions)[K] extends ActionDefinition<unknown, infer O> ? O : never;
/** All action keys, in the table's order. */
export const actionKeys = Object.keys(actions) as ActionKey[];
/** The union of the scopes all seven actions need. */
export const ALL_ACTION_SCOPES: readonly string[] = [...new Set(actionKeys.flatMap((k) => actions[k].requiredScopes))];

/** One input field of an action, for CLIs and forms. */
export interface ActionField {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

/**
 * The input fields of an action, derived from its zod schema.
 *
 * @example
 * ```ts
 * describeActionInput('findPatientByMrn'); // [{ name: 'mrn', type: 'string', required: true, … }, …]
 * ```
 */
export function describeActionInput(key: ActionKey): ActionField[] {
  const schema = z.toJSONSchema(actions[key].input as z.ZodType, { unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string; anyOf?: { type?: string }[]; description?: string; enum?: string[] }>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => ({
    name,
    type: p.enum ? p.enum.join('|') : (p.type ?? p.anyOf?.map((a) => a.type).join('|') ?? 'any'),
    required: schema.required?.includes(name) ?? false,
    ...(p.description ? { description: p.description } : {}),
  }));
}
