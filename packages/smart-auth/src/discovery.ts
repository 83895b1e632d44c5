import { SmartAuthError } from './errors.js';
import { timedExchange } from './fetch-with-timeout.js';

/**
 * The SMART configuration document (`.well-known/smart-configuration`); the fields a backend
 * client uses are typed, the rest pass through.
 *
 * @example
 * ```ts
 * const config: SmartConfiguration = await auth.discover();
 * config.token_endpoint_auth_methods_supported?.includes('private_key_jwt');
 * ```
 */
export interface SmartConfiguration {
  /** Absolute (relative values are resolved against the FHIR base). */
  token_endpoint: string;
  token_endpoint_auth_methods_supported?: string[];
  token_endpoint_auth_signing_alg_values_supported?: string[];
  grant_types_supported?: string[];
  scopes_supported?: string[];
  capabilities?: string[];
  [key: string]: unknown;
}

/**
 * Options of {@link discoverSmartConfiguration}.
 *
 * @example
 * ```ts
 * const opts: DiscoveryOptions = { timeoutMs: 5_000, signal: AbortSignal.timeout(8_000) };
 * ```
 */
export interface DiscoveryOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Default 10,000. */
  timeoutMs?: number;
  /** Aborts the request. */
  signal?: AbortSignal;
}

const LIST_FIELDS = [
  'token_endpoint_auth_methods_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'grant_types_supported',
  'scopes_supported',
  'capabilities',
] as const;

/**
 * The discovery URL for a FHIR base: one trailing `/` removed, then
 * `/.well-known/smart-configuration` appended (the base keeps its path).
 *
 * @param fhirBaseUrl - e.g. `https://fhir-ehr-code.cerner.com/r4/{tenant}`
 * @returns the well-known URL
 * @example
 * ```ts
 * smartConfigurationUrl('https://fhir.example/r4/t/'); // 'https://fhir.example/r4/t/.well-known/smart-configuration'
 * ```
 */
export function smartConfigurationUrl(fhirBaseUrl: string): string {
  const base = fhirBaseUrl.endsWith('/') ? fhirBaseUrl.slice(0, -1) : fhirBaseUrl;
  return `${base}/.well-known/smart-configuration`;
}

function failed(url: string, problem: string, status?: number, cause?: unknown): SmartAuthError {
  return new SmartAuthError('discovery_failed', `SMART discovery at ${url} failed: ${problem}`, {
    ...(status !== undefined ? { status, retryable: status >= 500 || status === 429 } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}

/**
 * Reads `{fhirBaseUrl}/.well-known/smart-configuration` (SMART App Launch 2.x, "SMART
 * configuration"), sent with `Accept: application/json`. Cerner serves it, unauthenticated,
 * under the secure FHIR base (not under fhir-open).
 *
 * @param fhirBaseUrl - the FHIR base URL, with or without a trailing `/`
 * @param options - fetch, timeoutMs (default 10,000), signal
 * @returns the configuration, `token_endpoint` made absolute
 * @throws {@link SmartAuthError} `invalid_options` naming `fhirBaseUrl` or `timeoutMs` (above
 *   2^31 - 1 ms, which Node's timers cannot wait) before any request; `discovery_failed` (with `status`) for an HTTP error, a body that
 *   is not a JSON object, or a missing or non-http(s) `token_endpoint` (also: an http one under
 *   an https base, or one with a user name or password); `timeout` / `network` when
 *   no answer came
 * @example
 * ```ts
 * const config = await discoverSmartConfiguration(
 *   'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
 * );
 * config.token_endpoint; // https://authorization.cerner.com/tenants/…/protocols/oauth2/profiles/smart-v1/token
 * ```
 */
export async function discoverSmartConfiguration(
  fhirBaseUrl: string,
  options: DiscoveryOptions = {},
): Promise<SmartConfiguration> {
  if (typeof fhirBaseUrl !== 'string' || !URL.canParse(fhirBaseUrl)) {
    throw new SmartAuthError('invalid_options', 'fhirBaseUrl: must be an absolute URL', {
      field: 'fhirBaseUrl',
    });
  }
  const t = options.timeoutMs;
  if (t !== undefined && !(typeof t === 'number' && t >= 1 && t <= 2_147_483_647)) {
    // Node fires a timer above 2^31 - 1 ms after 1 ms: refused, not clamped.
    throw new SmartAuthError(
      'invalid_options',
      'timeoutMs: must be a number of ms between 1 and 2147483647',
      { field: 'timeoutMs' },
    );
  }
  const baseUrl = new URL(fhirBaseUrl);
  if (baseUrl.username !== '' || baseUrl.password !== '') {
    throw new SmartAuthError(
      'invalid_options',
      'fhirBaseUrl: must not contain a user name or password',
      { field: 'fhirBaseUrl' },
    );
  }
  const url = smartConfigurationUrl(fhirBaseUrl);
  const { status, body } = await timedExchange({
    fetch: options.fetch ?? globalThis.fetch,
    url,
    init: { method: 'GET', headers: { Accept: 'application/json' } },
    timeoutMs: options.timeoutMs ?? 10_000,
    what: 'SMART discovery',
    ...(options.signal ? { signal: options.signal } : {}),
    read: async (res) => {
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw failed(url, `HTTP ${res.status}`, res.status);
      }
      return { status: res.status, body: await res.text() };
    },
  });
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (cause) {
    throw failed(url, 'the body is not JSON', status, cause);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw failed(url, 'the body is not a JSON object', status);
  }
  const config = doc as Record<string, unknown>;
  if (typeof config.token_endpoint !== 'string' || config.token_endpoint === '') {
    throw failed(url, 'token_endpoint is missing', status);
  }
  // SMART: endpoint URLs SHALL be absolute; clients SHOULD resolve relative ones against the FHIR
  // base. An absolute value is kept verbatim: it becomes the assertion's `aud`, compared exactly.
  const raw = config.token_endpoint;
  const base = fhirBaseUrl.endsWith('/') ? fhirBaseUrl : `${fhirBaseUrl}/`;
  const parsed = URL.parse(raw) ?? URL.parse(raw, base);
  if (parsed === null) throw failed(url, 'token_endpoint is not a URL', status);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw failed(url, 'token_endpoint is not an http(s) URL', status);
  }
  // The client secret or assertion goes to this URL: never in clear text when the FHIR base
  // itself is served over TLS, and never with credentials of its own (they would be logged).
  if (parsed.protocol === 'http:' && baseUrl.protocol === 'https:') {
    throw failed(url, 'token_endpoint is http: while the FHIR base is https:', status);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw failed(url, 'token_endpoint contains a user name or password', status);
  }
  const tokenEndpoint = URL.canParse(raw) ? raw : parsed.href;
  for (const field of LIST_FIELDS) {
    const v = config[field];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
      throw failed(url, `${field} is not a list of strings`, status);
    }
  }
  return { ...config, token_endpoint: tokenEndpoint };
}
