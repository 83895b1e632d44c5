import { createClinicalNoteAction } from './create-clinical-note.js';
import { createPatientAction } from './create-patient.js';
import type { DefinedAction } from './define-action.js';
import { findPatientByMrnAction } from './find-patient-by-mrn.js';
import { getAppointmentAction } from './get-appointment.js';
import { getEncounterAction } from './get-encounter.js';
import { getPatientEncountersAction } from './get-patient-encounters.js';
import { getPatientAction } from './get-patient.js';

/** The seven definitions, in the design table's order: the one list of actions. */
const definitions = {
  getPatient: getPatientAction,
  createPatient: createPatientAction,
  findPatientByMrn: findPatientByMrnAction,
  getAppointment: getAppointmentAction,
  getPatientEncounters: getPatientEncountersAction,
  createClinicalNote: createClinicalNoteAction,
  getEncounter: getEncounterAction,
};
type Definitions = typeof definitions;

/**
 * The key of one of the seven actions (also the client method's name).
 *
 * @example
 * ```ts
 * const key: ActionKey = 'getPatientEncounters';
 * ```
 */
export type ActionKey = keyof Definitions;

/** The definition's type parameters, read back from `defineAction`'s result. @internal */
type Parts<K extends ActionKey> =
  Definitions[K] extends DefinedAction<K, infer I, infer O, infer R>
    ? { input: I; parsed: O; result: R }
    : never;

/**
 * The input an action takes (before validation).
 *
 * @example
 * ```ts
 * const input: ActionInput<'findPatientByMrn'> = { mrn: '292392' };
 * ```
 */
export type ActionInput<K extends ActionKey> = Parts<K>['input'];
/**
 * What an action resolves to.
 *
 * @example
 * ```ts
 * const match: ActionResult<'findPatientByMrn'> = await client.run('findPatientByMrn', { mrn: '292392' });
 * ```
 */
export type ActionResult<K extends ActionKey> = Parts<K>['result'];

/**
 * One action: what it is, the scopes it needs, its input schema, and how to run it (made by
 * `defineAction`).
 *
 * @example
 * ```ts
 * const def: ActionDefinition<'getPatient'> = actions.getPatient;
 * def.input.parse({ patientId: '12724066' });
 * ```
 */
export type ActionDefinition<K extends ActionKey> = DefinedAction<
  K,
  ActionInput<K>,
  Parts<K>['parsed'],
  ActionResult<K>
>;

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
export const actions: { readonly [K in ActionKey]: ActionDefinition<K> } =
  Object.freeze(definitions);

/**
 * Every action key, in the design table's order.
 *
 * @example
 * ```ts
 * actionKeys.includes('getPatient'); // true
 * ```
 */
export const actionKeys: readonly ActionKey[] = Object.freeze(
  Object.values(actions).map((a) => a.key),
);

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
  return typeof key === 'string' && actionKeys.some((k) => k === key);
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
