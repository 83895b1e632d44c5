import type { z } from 'zod';
import type { ActionContext } from './action-context.js';
import { validateInput } from './validate-input.js';

/**
 * Per-call options of every action and client method.
 *
 * @example
 * ```ts
 * await client.getPatient({ patientId: '12724066' }, { signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface ActionCallOptions {
  /**
   * Aborts the in-flight request and any retry wait; the call then fails with a
   * `FhirActionError` of code `aborted` (`mayHaveSucceeded` says whether a create may have
   * happened).
   */
  signal?: AbortSignal;
}

/**
 * An action fixed for later: the key and an input whose clock-dependent defaults (a note's
 * period) are resolved. Plain JSON: store it (`JSON.stringify`), read it back, run it with
 * `runPrepared(client, prepared)` and the same request is sent.
 *
 * @example
 * ```ts
 * const prepared: PreparedAction<'createClinicalNote'> = prepareAction('createClinicalNote', { patientId: '12724066', encounterId: '97939518', text: 'Seen.' });
 * ```
 */
export interface PreparedAction<K extends string = string, I = unknown> {
  readonly key: K;
  readonly input: I;
}

/**
 * What runs an action by key: a `CernerClient` (only its `run` is used).
 *
 * @example
 * ```ts
 * const runner: ActionRunner<'getPatient', Patient> = client;
 * ```
 */
export interface ActionRunner<K extends string, R> {
  run(key: K, input: unknown, options?: ActionCallOptions): Promise<R>;
}

/**
 * What {@link defineAction} takes: the action's description, scopes, zod input schema, and its
 * implementation. Input (`I`) is what callers give; `O` what the schema produces, which must be
 * a valid input again (so a prepared input can be run later).
 *
 * @example
 * ```ts
 * const spec: ActionSpec<'getPatient', GetPatientInput, GetPatientInput, Patient> = { key: 'getPatient', … };
 * ```
 */
export interface ActionSpec<K extends string, I extends object, O extends I, R> {
  key: K;
  title: string;
  description: string;
  /** SMART v1 scopes (requested by default, named in errors). */
  requiredScopes: readonly string[];
  /** The least SMART v2 permissions that allow the call (what is checked against the grant). */
  requiredScopesV2: readonly string[];
  /** zod schema of the input; unknown fields are refused. */
  input: z.ZodType<O, I>;
  /**
   * Fills every default that depends on the clock (or randomness), so the result no longer
   * does; may refuse the input (`invalid_input` naming the field). Runs in `prepareAction` and
   * before every run.
   */
  resolve?: (input: O, now: number) => O;
  /** Checks that need the client's settings (the tenant); `invalid_input` naming the field. */
  check?: (input: O, ctx: ActionContext) => void;
  /** The implementation: validated, resolved input in, result out. */
  run: (ctx: ActionContext, input: O) => Promise<R>;
}

/**
 * One action, as {@link defineAction} returns it and the `actions` registry lists it.
 *
 * @example
 * ```ts
 * const def = actions.getPatient;
 * def.input.parse({ patientId: '12724066' });
 * await def.run(client, { patientId: '12724066' });
 * ```
 */
export interface DefinedAction<K extends string, I extends object, O extends I, R> {
  readonly key: K;
  readonly title: string;
  readonly description: string;
  /** SMART v1 scopes the Cerner app must be granted (what the client requests by default). */
  readonly requiredScopes: readonly string[];
  /** The same permission in SMART v2 syntax, for apps registered with v2 scopes. */
  readonly requiredScopesV2: readonly string[];
  /** zod schema of the input; unknown fields are refused. */
  readonly input: z.ZodType<O, I>;
  /**
   * Runs the action on a client (validating the input and checking scopes first).
   *
   * @param client - a `CernerClient`
   * @param input - the action's input
   * @param options - `signal`
   * @returns the action's result
   */
  run(client: ActionRunner<K, R>, input: I, options?: ActionCallOptions): Promise<R>;
  /**
   * Validates and resolves clock-dependent defaults; see `prepareAction`.
   *
   * @param input - the action's input (unchecked)
   * @param now - the time the defaults are taken from, epoch ms
   * @returns the prepared action (a fresh plain-JSON object)
   */
  prepare(input: unknown, now: number): PreparedAction<K, I>;
  /**
   * Validates, resolves, checks, authorizes and runs (what the client's methods call).
   * @internal
   */
  execute(ctx: ActionContext, input: unknown): Promise<R>;
}

/**
 * Defines an action once: its description, scopes, input schema and implementation. The
 * `actions` registry, the client's methods, `prepareAction` and the CLI all derive from it.
 *
 * @param spec - see {@link ActionSpec}
 * @returns the frozen definition
 * @throws never (input is checked when the action runs or is prepared)
 * @example
 * ```ts
 * export const getEncounterAction = defineAction({
 *   key: 'getEncounter',
 *   title: 'Get encounter',
 *   description: 'Reads an Encounter by id.',
 *   requiredScopes: ['system/Encounter.read'],
 *   requiredScopesV2: ['system/Encounter.r'],
 *   input: z.strictObject({ encounterId: fhirId('The Encounter id') }),
 *   run: (ctx, input) => readResource<Encounter>(ctx.http, 'Encounter', input.encounterId, ctx.signal),
 * });
 * ```
 */
export function defineAction<const K extends string, I extends object, O extends I, R>(
  spec: ActionSpec<K, I, O, R>,
): DefinedAction<K, I, O, R> {
  const { key, input: schema, resolve, check, run } = spec;
  const prepared = (raw: unknown, now: number): O => {
    const parsed = validateInput(schema, raw, key);
    return resolve ? resolve(parsed, now) : parsed;
  };
  return Object.freeze({
    key,
    title: spec.title,
    description: spec.description,
    requiredScopes: Object.freeze([...spec.requiredScopes]),
    requiredScopesV2: Object.freeze([...spec.requiredScopesV2]),
    input: schema,
    run: (client: ActionRunner<K, R>, input: I, options?: ActionCallOptions) =>
      client.run(key, input, options),
    prepare: (raw: unknown, now: number): PreparedAction<K, I> => {
      const input: I = structuredClone(prepared(raw, now));
      return { key, input };
    },
    execute: async (ctx: ActionContext, raw: unknown): Promise<R> => {
      // 1. Input, before any token or request.
      const input = prepared(raw, ctx.now());
      check?.(input, ctx);
      // 2. Scopes, before the FHIR request.
      await ctx.authorize(spec.requiredScopes, spec.requiredScopesV2);
      // 3. The request(s).
      return run(ctx, input);
    },
  });
}
