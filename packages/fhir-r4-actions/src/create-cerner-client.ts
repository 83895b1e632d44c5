import { satisfies, type BackendAuth } from '@cerner-kit/smart-auth';
import type { ActionContext } from './actions/action-context.js';
import type { ActionCallOptions } from './actions/define-action.js';
import {
  actionKeys,
  actions,
  ALL_ACTION_SCOPES,
  isActionKey,
  type ActionInput,
  type ActionKey,
  type ActionResult,
} from './actions/registry.js';
import { DEFAULT_MRN_SYSTEM } from './cerner/constants.js';
import { cernerFhirBaseUrl, cernerTokenUrl, type CernerEnvironment } from './cerner/urls.js';
import { FhirActionError } from './errors.js';
import {
  FhirHttpClient,
  missingScopeError,
  type FhirRequest,
  type FhirResponse,
  type RetryOptions,
} from './http/fhir-http-client.js';
import { silentLogger, type Logger } from './logger.js';

/**
 * Options of {@link createCernerClient}.
 *
 * @example
 * ```ts
 * const options: CernerClientOptions = { fhirBaseUrl: 'http://127.0.0.1:4010/r4/tenant', auth, retry: { retries: 3 } };
 * ```
 */
export interface CernerClientOptions {
  /** Cerner tenant id; with `environment`, gives Cerner's real FHIR base and token URL. */
  tenantId?: string;
  /** `sandbox` (fhir-ehr-code.cerner.com) or `production` (fhir-ehr.cerner.com). */
  environment?: CernerEnvironment;
  /** Overrides the FHIR base built from tenant and environment (the mock, a proxy). */
  fhirBaseUrl?: string;
  /**
   * The token endpoint, for reference (`client.tokenUrl`); `auth` is what requests tokens.
   * Default: Cerner's documented URL for `tenantId`.
   */
  tokenUrl?: string;
  /** Where tokens come from: `createBackendAuth(...)` from `@cerner-kit/smart-auth`. */
  auth: BackendAuth;
  /**
   * Scopes to request (default {@link ALL_ACTION_SCOPES}, the SMART v1 scopes of the seven
   * actions; pass `ALL_ACTION_SCOPES_V2` for an app registered with v2 scopes).
   */
  scopes?: readonly string[];
  /** MRN identifier system (default `urn:oid:2.16.840.1.113883.6.1000`, the sandbox's). */
  mrnSystem?: string;
  /** Per request, including reading the body (default 30,000 ms). */
  timeoutMs?: number;
  /** GET retry policy (POSTs are never retried blindly). */
  retry?: RetryOptions;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Structured, opt-in logs (method, resource type, status, duration, request id only). */
  logger?: Logger;
  /**
   * Waits between retries (default setTimeout; inject for tests). A call's `signal` ends the
   * wait whether or not this function listens to it.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Clock, epoch ms (default Date.now): note periods, Retry-After dates, durations. */
  now?: () => number;
}

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

function fail(field: string, message: string): never {
  throw new FhirActionError('invalid_input', `createCernerClient: ${field}: ${message}`, { field });
}

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The tenant id Cerner puts last in a FHIR base (`…/r4/{tenant}`), or '' when there is none. */
function tenantFromBase(base: string): string {
  const last = new URL(base).pathname.split('/').filter(Boolean).at(-1) ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // not percent-encoded as it should be: use it as written
  }
}

/** A SMART v2 resource scope (`.rs`, `.c`), as opposed to v1 `.read` / `.write`. */
const isV2Scope = (s: string): boolean =>
  /^(?:system|user|patient)\/[^.]+\.[cruds]+(?:\?.*)?$/.test(s);

function isScopeList(v: unknown): v is readonly string[] {
  return (
    Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && /^\S+$/.test(s))
  );
}

function checkUrl(field: string, value: unknown): URL {
  if (typeof value !== 'string' || !URL.canParse(value)) fail(field, 'must be an absolute URL');
  const u = new URL(value);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') fail(field, 'must be an http(s) URL');
  if (u.search !== '' || u.hash !== '') fail(field, 'must not have a query or fragment');
  return u;
}

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
  if (typeof options !== 'object' || options === null) fail('options', 'expected an object');
  const auth = options.auth as Partial<BackendAuth> | undefined;
  if (!auth || typeof auth.getToken !== 'function' || typeof auth.invalidate !== 'function') {
    fail(
      'auth',
      'required: a BackendAuth such as createBackendAuth(...) from @cerner-kit/smart-auth',
    );
  }
  const logger = options.logger ?? silentLogger;

  let base: string;
  if (options.fhirBaseUrl !== undefined) {
    const u = checkUrl('fhirBaseUrl', options.fhirBaseUrl);
    if (u.protocol === 'http:' && !isLoopback(u.hostname)) {
      logger.warn(
        'cerner-fhir: fhirBaseUrl is plain http on a non-loopback host; access tokens will travel unencrypted',
        { host: u.host },
      );
    }
    base = u.href.replace(/\/+$/, '');
  } else {
    if (typeof options.tenantId !== 'string' || options.tenantId.trim() === '') {
      fail('tenantId', 'required unless fhirBaseUrl is given');
    }
    if (options.environment !== 'sandbox' && options.environment !== 'production') {
      fail('environment', "expected 'sandbox' or 'production' (or give fhirBaseUrl)");
    }
    base = cernerFhirBaseUrl(options.tenantId, options.environment);
  }
  let tokenUrl: string | undefined;
  if (options.tokenUrl !== undefined) tokenUrl = checkUrl('tokenUrl', options.tokenUrl).href;
  else if (typeof options.tenantId === 'string' && options.tenantId.trim() !== '') {
    tokenUrl = cernerTokenUrl(options.tenantId);
  }

  const scopes: unknown = options.scopes ?? ALL_ACTION_SCOPES;
  if (!isScopeList(scopes)) {
    fail('scopes', 'expected a non-empty array of scope strings without spaces');
  }
  const mrnSystem = options.mrnSystem ?? DEFAULT_MRN_SYSTEM;
  if (typeof mrnSystem !== 'string' || !/^[^\s|,\\]{1,256}$/.test(mrnSystem)) {
    fail('mrnSystem', 'expected a URI without spaces, |, , or \\');
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    fail('timeoutMs', 'expected a positive number of milliseconds');
  }
  const retries = options.retry?.retries ?? 2;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    fail('retry.retries', 'expected an integer from 0 to 10');
  }
  const baseDelayMs = options.retry?.baseDelayMs ?? 250;
  if (typeof baseDelayMs !== 'number' || !(baseDelayMs >= 0)) {
    fail('retry.baseDelayMs', 'expected a number >= 0');
  }
  const maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
  if (typeof maxDelayMs !== 'number' || !(maxDelayMs >= 0)) {
    fail('retry.maxDelayMs', 'expected a number >= 0');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('fetch', 'expected a function');
  }

  const now = options.now ?? Date.now;
  const http = new FhirHttpClient({
    baseUrl: base,
    auth: options.auth,
    scopes,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs,
    retry: { retries, baseDelayMs, maxDelayMs },
    logger,
    sleep: options.sleep ?? defaultSleep,
    now,
  });
  const tenantId =
    typeof options.tenantId === 'string' && options.tenantId.trim() !== ''
      ? options.tenantId.trim()
      : tenantFromBase(base);
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
    return actions[key].execute(ctx, input);
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
    request: (req: FhirRequest) => http.request(req),
  });
}
