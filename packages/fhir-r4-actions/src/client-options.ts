import { MAX_TIMEOUT_MS, nearestName, safeLog } from '@cerner-kit/core';
import type { BackendAuth } from '@cerner-kit/smart-auth';
import { ALL_ACTION_SCOPES } from './actions/registry.js';
import { DEFAULT_MRN_SYSTEM } from './cerner/constants.js';
import { cernerFhirBaseUrl, cernerTokenUrl, type CernerEnvironment } from './cerner/urls.js';
import { FhirActionError } from './errors.js';
import type { RetryOptions } from './http/fhir-http-client.js';
import { silentLogger, type Logger } from './logger.js';
import type { TelemetryOptions } from './telemetry/telemetry-options.js';

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
  /**
   * OpenTelemetry providers for the action and HTTP spans and the metrics (default: the global
   * ones, a no-op without an SDK), or `false` for none. See the README, "Telemetry".
   */
  telemetry?: TelemetryOptions;
  /**
   * Send the W3C `traceparent` of each HTTP span (default: true for a loopback `fhirBaseUrl`,
   * such as the mock, false otherwise: Cerner has no use for it).
   */
  propagateTraceContext?: boolean;
}

/** Every option {@link createCernerClient} takes; anything else is refused by name. */
const OPTION_KEYS: readonly (keyof CernerClientOptions)[] = [
  'tenantId',
  'environment',
  'fhirBaseUrl',
  'tokenUrl',
  'auth',
  'scopes',
  'mrnSystem',
  'timeoutMs',
  'retry',
  'fetch',
  'logger',
  'sleep',
  'now',
  'telemetry',
  'propagateTraceContext',
];
const RETRY_KEYS: readonly (keyof RetryOptions)[] = ['retries', 'baseDelayMs', 'maxDelayMs'];

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
 * Refuses a key not in `allowed`, naming it and the valid option it is closest to. `nested`
 * lists options one level down (`retry.retries`), so `{ retires: 3 }` points at the option that
 * was probably meant although it sits inside `retry`.
 */
function checkKeys(
  obj: object,
  allowed: readonly string[],
  prefix: string,
  nested: readonly string[] = [],
): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const leaves = nested.map((n) => n.slice(n.lastIndexOf('.') + 1));
    const near = nearestName(key, [...allowed, ...leaves]);
    const name =
      near === undefined
        ? undefined
        : allowed.includes(near)
          ? `${prefix}${near}`
          : nested[leaves.indexOf(near)];
    fail(
      `${prefix}${key}`,
      `unknown option${name !== undefined ? ` (did you mean ${name}?)` : ''}; expected ${allowed.join(', ')}`,
    );
  }
}

/** A delay in ms a Node timer can take: from `min` to 2^31-1 (a larger one fires after 1 ms). */
function checkMs(field: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(field, `expected a number of milliseconds >= ${min}`);
  }
  if (value > MAX_TIMEOUT_MS) {
    fail(field, `at most ${MAX_TIMEOUT_MS} ms (about 24.8 days, the longest timer Node keeps)`);
  }
  if (field === 'timeoutMs' && !Number.isInteger(value)) fail(field, 'expected whole milliseconds');
}

/**
 * The checked, defaulted settings of a client.
 * @internal
 */
export interface ClientSettings {
  logger: Logger;
  /** The FHIR base, without a trailing slash. */
  base: string;
  tokenUrl: string | undefined;
  scopes: readonly string[];
  mrnSystem: string;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  /** From the options, or the last segment of the FHIR base. */
  tenantId: string;
  /** Send `traceparent` on FHIR requests. */
  propagateTraceContext: boolean;
}

/**
 * Checks every option of {@link createCernerClient} before anything else happens (unknown keys
 * too, naming the nearest valid one) and fills the defaults.
 *
 * @param options - the caller's options
 * @returns the settings
 * @throws {@link FhirActionError} `invalid_input` naming the option (`timeoutMs`, `retry.retries`…)
 * @example
 * ```ts
 * checkClientOptions({ fhirBaseUrl, auth, timeoutMS: 5000 } as never); // throws: field 'timeoutMS', did you mean timeoutMs?
 * ```
 * @internal
 */
export function checkClientOptions(options: CernerClientOptions): ClientSettings {
  if (typeof options !== 'object' || options === null) fail('options', 'expected an object');
  checkKeys(
    options,
    OPTION_KEYS,
    '',
    RETRY_KEYS.map((k) => `retry.${k}`),
  );
  if (options.retry !== undefined) {
    if (typeof options.retry !== 'object' || options.retry === null) {
      fail('retry', 'expected an object');
    }
    checkKeys(options.retry, RETRY_KEYS, 'retry.');
  }
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
      safeLog(
        logger,
        'warn',
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
  const telemetry = options.telemetry as unknown;
  if (
    telemetry !== undefined &&
    telemetry !== false &&
    (typeof telemetry !== 'object' || telemetry === null)
  ) {
    fail('telemetry', 'expected false or an object with tracerProvider / meterProvider');
  }
  const propagate = options.propagateTraceContext ?? isLoopback(new URL(base).hostname);
  if (typeof propagate !== 'boolean') fail('propagateTraceContext', 'expected a boolean');
  const mrnSystem = options.mrnSystem ?? DEFAULT_MRN_SYSTEM;
  if (typeof mrnSystem !== 'string' || !/^[^\s|,\\]{1,256}$/.test(mrnSystem)) {
    fail('mrnSystem', 'expected a URI without spaces, |, , or \\');
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  checkMs('timeoutMs', timeoutMs, 1);
  const retries = options.retry?.retries ?? 2;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    fail('retry.retries', 'expected an integer from 0 to 10');
  }
  const baseDelayMs = options.retry?.baseDelayMs ?? 250;
  checkMs('retry.baseDelayMs', baseDelayMs, 0);
  const maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
  checkMs('retry.maxDelayMs', maxDelayMs, 0);
  for (const key of ['fetch', 'sleep', 'now'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      fail(key, 'expected a function');
    }
  }

  const tenantId =
    typeof options.tenantId === 'string' && options.tenantId.trim() !== ''
      ? options.tenantId.trim()
      : tenantFromBase(base);
  return {
    logger,
    base,
    tokenUrl,
    scopes,
    mrnSystem,
    timeoutMs,
    retry: { retries, baseDelayMs, maxDelayMs },
    tenantId,
    propagateTraceContext: propagate,
  };
}
