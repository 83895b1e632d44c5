import { FhirActionError } from '../errors.js';
import type { ActionCallOptions, PreparedAction } from './define-action.js';
import {
  actions,
  isActionKey,
  type ActionInput,
  type ActionKey,
  type ActionResult,
} from './registry.js';

/**
 * Options of {@link prepareAction}.
 *
 * @example
 * ```ts
 * const options: PrepareActionOptions = { now: () => Date.parse('2026-11-25T10:00:00Z') };
 * ```
 */
export interface PrepareActionOptions {
  /** The clock the defaults are taken from, epoch ms (default `Date.now`). */
  now?: () => number;
}

/**
 * Validates an action's input and resolves every default that depends on the clock (a note's
 * `periodEnd` = now and `periodStart` = `periodEnd`), giving a plain-JSON `{ key, input }` that
 * can be stored (`JSON.stringify`) and run later, by {@link runPrepared}, with the same request
 * as if it had run now. The input is the validated one (strings trimmed). What depends on the
 * client that runs it stays with that client: the MRN system of `findPatientByMrn` when none is
 * given, and the tenant of a code set 72 note type (checked when it runs).
 *
 * @param key - the action
 * @param input - its input (unchecked)
 * @param options - `now`
 * @returns the prepared action, a fresh object sharing nothing with `input`
 * @throws {@link FhirActionError} `invalid_input` naming the field (`key` for an unknown action),
 *   before any network call
 * @example
 * ```ts
 * const prepared = prepareAction('createClinicalNote', { patientId: '12724066', encounterId: '97939518', text: 'Seen.' });
 * await db.save(JSON.stringify(prepared)); // prepared.input.periodEnd is fixed now
 * // later, maybe in another process:
 * const { id } = await runPrepared(client, JSON.parse(await db.load()), { signal });
 * ```
 */
export function prepareAction<K extends ActionKey>(
  key: K,
  input: ActionInput<K>,
  options: PrepareActionOptions = {},
): PreparedAction<K, ActionInput<K>> {
  if (!isActionKey(key)) {
    throw new FhirActionError('invalid_input', `unknown action ${String(key)}`, { field: 'key' });
  }
  const now = options.now ?? Date.now;
  return actions[key].prepare(input, now());
}

/**
 * Runs a prepared action (from {@link prepareAction}, possibly read back from storage) on a
 * client: the same as `client.run(prepared.key, prepared.input, options)`, after checking the
 * payload's shape. The input is validated again.
 *
 * @param client - a `CernerClient` (only `run` is used)
 * @param prepared - `{ key, input }`
 * @param options - `signal`
 * @returns the action's result
 * @throws {@link FhirActionError} `invalid_input` naming `prepared.key` / `prepared.input` for a
 *   payload that is not a prepared action; then whatever the action throws
 * @example
 * ```ts
 * const prepared = prepareAction('createPatient', { assigningOrganizationId: '675844', family: 'Wolf', given: 'Person' });
 * const { id } = await runPrepared(client, JSON.parse(JSON.stringify(prepared)));
 * ```
 */
export function runPrepared<K extends ActionKey>(
  client: {
    run<J extends ActionKey>(
      key: J,
      input: unknown,
      options?: ActionCallOptions,
    ): Promise<ActionResult<J>>;
  },
  prepared: PreparedAction<K>,
  options?: ActionCallOptions,
): Promise<ActionResult<K>> {
  const p: unknown = prepared;
  if (typeof p !== 'object' || p === null || !('key' in p) || !isActionKey(p.key)) {
    return Promise.reject(
      new FhirActionError('invalid_input', 'prepared.key: expected an action key', {
        field: 'prepared.key',
      }),
    );
  }
  if (!('input' in p) || typeof p.input !== 'object' || p.input === null) {
    return Promise.reject(
      new FhirActionError('invalid_input', 'prepared.input: expected an object', {
        field: 'prepared.input',
      }),
    );
  }
  return client.run(prepared.key, prepared.input, options);
}
