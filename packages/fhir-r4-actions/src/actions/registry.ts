import type { Appointment, Encounter, Patient } from 'fhir/r4.js';
import type { z } from 'zod';
import type { CernerClient } from '../create-cerner-client.js';
import type { ActionContext } from './action-context.js';
import {
  createClinicalNote,
  createClinicalNoteInput,
  createClinicalNoteMeta,
  checkNoteType,
  notePeriod,
  type CreateClinicalNoteInput,
} from './create-clinical-note.js';
import {
  createPatient,
  createPatientInput,
  createPatientMeta,
  type CreatePatientInput,
} from './create-patient.js';
import {
  findPatientByMrn,
  findPatientByMrnInput,
  findPatientByMrnMeta,
  type FindPatientByMrnInput,
} from './find-patient-by-mrn.js';
import {
  getAppointment,
  getAppointmentInput,
  getAppointmentMeta,
  type GetAppointmentInput,
} from './get-appointment.js';
import {
  getEncounter,
  getEncounterInput,
  getEncounterMeta,
  type GetEncounterInput,
} from './get-encounter.js';
import {
  getPatientEncounters,
  getPatientEncountersInput,
  getPatientEncountersMeta,
  type GetPatientEncountersInput,
} from './get-patient-encounters.js';
import {
  getPatient,
  getPatientInput,
  getPatientMeta,
  type GetPatientInput,
} from './get-patient.js';

/** Input (as given), parsed input and result of each action. @internal */
interface ActionTypes {
  getPatient: { input: GetPatientInput; parsed: z.output<typeof getPatientInput>; result: Patient };
  createPatient: {
    input: CreatePatientInput;
    parsed: z.output<typeof createPatientInput>;
    result: { id: string };
  };
  findPatientByMrn: {
    input: FindPatientByMrnInput;
    parsed: z.output<typeof findPatientByMrnInput>;
    result: { id: string } | null;
  };
  getAppointment: {
    input: GetAppointmentInput;
    parsed: z.output<typeof getAppointmentInput>;
    result: Appointment;
  };
  getPatientEncounters: {
    input: GetPatientEncountersInput;
    parsed: z.output<typeof getPatientEncountersInput>;
    result: Encounter[];
  };
  createClinicalNote: {
    input: CreateClinicalNoteInput;
    parsed: z.output<typeof createClinicalNoteInput>;
    result: { id: string };
  };
  getEncounter: {
    input: GetEncounterInput;
    parsed: z.output<typeof getEncounterInput>;
    result: Encounter;
  };
}

/**
 * The key of one of the seven actions (also the client method's name).
 *
 * @example
 * ```ts
 * const key: ActionKey = 'getPatientEncounters';
 * ```
 */
export type ActionKey = keyof ActionTypes;
/**
 * The input an action takes (before validation).
 *
 * @example
 * ```ts
 * const input: ActionInput<'findPatientByMrn'> = { mrn: '292392' };
 * ```
 */
export type ActionInput<K extends ActionKey> = ActionTypes[K]['input'];
/**
 * What an action resolves to.
 *
 * @example
 * ```ts
 * const match: ActionResult<'findPatientByMrn'> = await client.run('findPatientByMrn', { mrn: '292392' });
 * ```
 */
export type ActionResult<K extends ActionKey> = ActionTypes[K]['result'];

/**
 * One action: what it is, the scopes it needs, its input schema, and how to run it.
 *
 * @example
 * ```ts
 * const def: ActionDefinition<'getPatient'> = actions.getPatient;
 * def.input.parse({ patientId: '12724066' });
 * ```
 */
export interface ActionDefinition<K extends ActionKey> {
  readonly key: K;
  readonly title: string;
  readonly description: string;
  /** SMART v1 scopes the Cerner app must be granted (what the client requests by default). */
  readonly requiredScopes: readonly string[];
  /** The same permission in SMART v2 syntax, for apps registered with v2 scopes. */
  readonly requiredScopesV2: readonly string[];
  /** zod schema of the input; unknown fields are refused. */
  readonly input: z.ZodType<ActionTypes[K]['parsed'], ActionInput<K>>;
  /** Runs the action on a client (validating the input, checking scopes first). */
  run(client: CernerClient, input: ActionInput<K>): Promise<ActionResult<K>>;
}

/**
 * The seven Cerner actions, in the order of the design's table. An orchestrator can list them,
 * validate input with `input`, request exactly `requiredScopes`, and run them generically with
 * `action.run(client, input)` or `client.run(key, input)`.
 *
 * @example
 * ```ts
 * for (const key of actionKeys) console.log(key, actions[key].title, actions[key].requiredScopes);
 * await actions.getPatient.run(client, { patientId: '12724066' });
 * ```
 */
export const actions: { readonly [K in ActionKey]: ActionDefinition<K> } = Object.freeze({
  getPatient: Object.freeze({
    ...getPatientMeta,
    input: getPatientInput,
    run: (c: CernerClient, i: GetPatientInput) => c.getPatient(i),
  }),
  createPatient: Object.freeze({
    ...createPatientMeta,
    input: createPatientInput,
    run: (c: CernerClient, i: CreatePatientInput) => c.createPatient(i),
  }),
  findPatientByMrn: Object.freeze({
    ...findPatientByMrnMeta,
    input: findPatientByMrnInput,
    run: (c: CernerClient, i: FindPatientByMrnInput) => c.findPatientByMrn(i),
  }),
  getAppointment: Object.freeze({
    ...getAppointmentMeta,
    input: getAppointmentInput,
    run: (c: CernerClient, i: GetAppointmentInput) => c.getAppointment(i),
  }),
  getPatientEncounters: Object.freeze({
    ...getPatientEncountersMeta,
    input: getPatientEncountersInput,
    run: (c: CernerClient, i: GetPatientEncountersInput) => c.getPatientEncounters(i),
  }),
  createClinicalNote: Object.freeze({
    ...createClinicalNoteMeta,
    input: createClinicalNoteInput,
    run: (c: CernerClient, i: CreateClinicalNoteInput) => c.createClinicalNote(i),
  }),
  getEncounter: Object.freeze({
    ...getEncounterMeta,
    input: getEncounterInput,
    run: (c: CernerClient, i: GetEncounterInput) => c.getEncounter(i),
  }),
});

/**
 * The implementations behind the client methods (validated input in, result out).
 * @internal
 */
export const actionImplementations: {
  readonly [K in ActionKey]: (
    ctx: ActionContext,
    input: ActionTypes[K]['parsed'],
  ) => Promise<ActionResult<K>>;
} = {
  getPatient,
  createPatient,
  findPatientByMrn,
  getAppointment,
  getPatientEncounters,
  createClinicalNote,
  getEncounter,
};

/**
 * Input checks that need the client (the clock): run after the schema, before the token.
 * @internal
 */
export const actionPreflight: {
  readonly [K in ActionKey]?: (ctx: ActionContext, input: ActionTypes[K]['parsed']) => void;
} = {
  createClinicalNote: (ctx, input) => {
    checkNoteType(input, ctx.tenantId);
    notePeriod(input, ctx.now());
  },
};

/**
 * Every action key, in the design table's order.
 *
 * @example
 * ```ts
 * actionKeys.includes('getPatient'); // true
 * ```
 */
export const actionKeys: readonly ActionKey[] = Object.freeze([
  'getPatient',
  'createPatient',
  'findPatientByMrn',
  'getAppointment',
  'getPatientEncounters',
  'createClinicalNote',
  'getEncounter',
] as const);

/**
 * Whether a string names an action.
 *
 * @param key - e.g. a CLI argument
 * @returns true for the seven keys
 * @example
 * ```ts
 * if (!isActionKey(argv[0])) throw new Error('unknown action');
 * ```
 */
export function isActionKey(key: unknown): key is ActionKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(actions, key);
}

const V2_ORDER = 'cruds';

/** Merges v2 scopes per context and resource: `system/Patient.c` + `system/Patient.s` -> `system/Patient.cs`. */
function mergeV2(scopes: readonly string[]): string[] {
  const perms = new Map<string, Set<string>>();
  for (const s of scopes) {
    const m = /^(.+)\.([cruds]+)$/.exec(s);
    if (!m) continue;
    const set = perms.get(m[1]!) ?? new Set<string>();
    for (const p of m[2]!) set.add(p);
    perms.set(m[1]!, set);
  }
  return [...perms].map(
    ([base, set]) => `${base}.${[...V2_ORDER].filter((p) => set.has(p)).join('')}`,
  );
}

/**
 * The SMART v1 scopes all seven actions need (the client's default `scopes`).
 *
 * @example
 * ```ts
 * createBackendAuth({ clientId, credentials, tokenUrl, scopes: ALL_ACTION_SCOPES });
 * ```
 */
export const ALL_ACTION_SCOPES: readonly string[] = Object.freeze([
  ...new Set(actionKeys.flatMap((k) => actions[k].requiredScopes)),
]);

/**
 * The SMART v2 scopes all seven actions need, merged per resource
 * (`system/Patient.crs`, …): pass as `scopes` for a Cerner app registered with v2 scopes.
 *
 * @example
 * ```ts
 * createCernerClient({ tenantId, environment: 'sandbox', auth, scopes: ALL_ACTION_SCOPES_V2 });
 * ```
 */
export const ALL_ACTION_SCOPES_V2: readonly string[] = Object.freeze(
  mergeV2(actionKeys.flatMap((k) => actions[k].requiredScopesV2)),
);
