import { satisfies } from '@cerner-kit/smart-auth';
import type { ActionContext } from './actions/action-context.js';
import type { ActionCallOptions } from './actions/define-action.js';
import {
  actionKeys,
  actions,
  isActionKey,
  type ActionInput,
  type ActionKey,
  type ActionResult,
} from './actions/registry.js';
import { checkClientOptions, type CernerClientOptions } from './client-options.js';
import { FhirActionError } from './errors.js';
import {
  FhirHttpClient,
  missingScopeError,
  type FhirRequest,
  type FhirResponse,
} from './http/fhir-http-client.js';
import { createFhirTelemetry } from './telemetry/fhir-telemetry.js';

export type { CernerClientOptions } from './client-options.js';

/**
 * One action as a client method: the action's input, then per-call options.
 *
 * @example
 * ```ts
 * const getPatient: ActionMethod<'getPatient'> = client.getPatient;
 * ```
 */
export type ActionMethod<K extends ActionKey> = (
  input: ActionInput<K>,
  options?: ActionCallOptions,
) => Promise<ActionResult<K>>;

/**
 * The seven actions as methods named by their keys (derived from the `actions` registry):
 * `getPatient`, `createPatient`, `findPatientByMrn`, `getAppointment`, `getPatientEncounters`,
 * `createClinicalNote`, `getEncounter`. See each action's `description`.
 *
 * @example
 * ```ts
 * const methods: ActionMethods = client;
 * await methods.getEncounter({ encounterId: '97939518' });
 * ```
 */
export type ActionMethods = { readonly [K in ActionKey]: ActionMethod<K> };

/**
 * A Cerner FHIR R4 client: the seven actions as methods, plus generic `run` and low-level `request`.
 *
 * @example
 * ```ts
 * const client: CernerClient = createCernerClient({ tenantId, environment: 'sandbox', auth });
 * await client.getEncounter({ encounterId: '97939518' });
 * ```
 */
export interface CernerClient extends ActionMethods {
  /** The FHIR base every request goes to (no trailing slash). */
  readonly fhirBaseUrl: string;
  /** The token endpoint, when known (from `tokenUrl` or `tenantId`). */
  readonly tokenUrl: string | undefined;
  /** The scopes this client requests. */
  readonly scopes: readonly string[];
  /** The default MRN identifier system. */
  readonly mrnSystem: string;
  /**
   * Runs an action by key with unchecked input (validated with the action's zod schema).
   *
   * @param key - the action
   * @param input - its input
   * @param options - `signal`
   * @returns the action's result
   */
  run<K extends ActionKey>(
    key: K,
    input: unknown,
    options?: ActionCallOptions,
  ): Promise<ActionResult<K>>;
  /** A raw GET or POST through the same HTTP layer (token, timeout, retries, errors, `signal`). */
  request(req: FhirRequest): Promise<FhirResponse>;
}

/** Action methods being put together, one key at a time. */
type PartialMethods = { [K in ActionKey]?: ActionMethod<K> };

/** Sets one method; the mapped type over `K` alone lets TypeScript check it without a cast. */
function setMethod<K extends ActionKey>(
  into: { [P in K]?: ActionMethod<P> },
  key: K,
  run: CernerClient['run'],
): void {
  into[key] = (input, options) => run(key, input, options);
}

/** True once every action has its method (checked, so the narrowing is sound). */
function hasEveryMethod(m: PartialMethods): m is ActionMethods {
  return actionKeys.every((k) => typeof m[k] === 'function');
}

/** setTimeout, cleared when the signal aborts (the HTTP layer rejects the wait itself). */
const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise<void>((resolve) => {
    const onAbort = (): void => clearTimeout(timer);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** A SMART v2 resource scope (`.rs`, `.c`), as opposed to v1 `.read` / `.write`. */
const isV2Scope = (s: string): boolean =>
  /^(?:system|user|patient)\/[^.]+\.[cruds]+(?:\?.*)?$/.test(s);

/**
 * Creates a Cerner FHIR R4 client for one tenant and one system account.
 *
 * @param options - see {@link CernerClientOptions}; `auth` and either `fhirBaseUrl` or
 *   `tenantId` + `environment` are required
 * @returns the client
 * @throws {@link FhirActionError} `invalid_input` for bad options, naming the option
 * @example
 * ```ts
 * import { createBackendAuth } from '@cerner-kit/smart-auth';
 * const tenantId = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
 * const auth = createBackendAuth({ clientId, credentials: { clientSecret }, tokenUrl: cernerTokenUrl(tenantId) });
 * const client = createCernerClient({ tenantId, environment: 'sandbox', auth });
 * const match = await client.findPatientByMrn({ mrn: '292392' });
 * if (match) console.log((await client.getPatientEncounters({ patientId: match.id })).length);
 * ```
 */
export function createCernerClient(options: CernerClientOptions): CernerClient {
  const o = checkClientOptions(options);
  const { logger, base, scopes } = o;
  const now = options.now ?? Date.now;
  const tel = createFhirTelemetry({
    telemetry: options.telemetry,
    baseUrl: base,
    tenantId: o.tenantId,
    propagateTraceContext: o.propagateTraceContext,
  });
  const http = new FhirHttpClient({
    telemetry: tel,
    baseUrl: base,
    auth: options.auth,
    scopes,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: o.timeoutMs,
    retry: o.retry,
    logger,
    sleep: options.sleep ?? defaultSleep,
    now,
  });
  const { mrnSystem, tenantId, tokenUrl } = o;
  const authorize = async (
    requiredScopes: readonly string[],
    requiredScopesV2: readonly string[],
  ): Promise<void> => {
    // Checked with the least v2 permission, which a v1 grant also satisfies (`.read` covers
    // `.r`/`.s`, `.write` covers `.c`); named in the syntax the app uses.
    const token = await http.token();
    const missing = requiredScopesV2
      .map((s, i) => (satisfies(token.scopes, s) ? undefined : i))
      .filter((i) => i !== undefined);
    if (missing.length > 0) {
      const v2 = token.scopes.some(isV2Scope) || scopes.some(isV2Scope);
      const names = missing.map((i) => (v2 ? requiredScopesV2[i]! : requiredScopes[i]!));
      throw missingScopeError(names, token, scopes);
    }
  };

  const run = <K extends ActionKey>(
    key: K,
    input: unknown,
    options?: ActionCallOptions,
  ): Promise<ActionResult<K>> => {
    if (!isActionKey(key)) {
      return Promise.reject(
        new FhirActionError('invalid_input', `unknown action ${String(key)}`, { field: 'key' }),
      );
    }
    const ctx: ActionContext = {
      http,
      mrnSystem,
      tenantId,
      now,
      signal: options?.signal,
      authorize,
    };
    return tel.action(key, () => actions[key].execute(ctx, input));
  };

  const methods: PartialMethods = {};
  for (const key of actionKeys) setMethod(methods, key, run);
  if (!hasEveryMethod(methods)) throw new Error('cerner-fhir: an action has no client method');

  return Object.freeze({
    ...methods,
    fhirBaseUrl: base,
    tokenUrl,
    scopes: Object.freeze([...scopes]),
    mrnSystem,
    run,
    request: (req: FhirRequest) => tel.action('request', () => http.request(req)),
  });
}
