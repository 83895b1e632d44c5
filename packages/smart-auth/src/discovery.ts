import { SmartAuthError } from './errors.js';
import { fetchWithTimeout } from './fetch-with-timeout.js';

/** The fields of `.well-known/smart-configuration` a backend client uses. */
export interface SmartConfiguration {
  token_endpoint: string;
  token_endpoint_auth_methods_supported?: string[];
  token_endpoint_auth_signing_alg_values_supported?: string[];
  grant_types_supported?: string[];
  scopes_supported?: string[];
  capabilities?: string[];
  issuer?: string;
  [key: string]: unknown;
}

/** Options of {@link discoverSmartConfiguration}. */
export interface DiscoveryOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Reads `{fhirBaseUrl}/.well-known/smart-configuration` (SMART App Launch 2.x §2.1). Relative
 * endpoint URLs are resolved against the FHIR base.
 *
 * @throws {@link SmartAuthError} `discovery_failed` (with `status`), `timeout`, `network`
 * @example
 * ```ts
 * const config = await discoverSmartConfiguration('https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d');
 * config.token_endpoint;
 * ```
 */
export async function discoverSmartConfiguration(
  fhirBaseUrl: string,
  options: DiscoveryOptions = {},
): Promise<SmartConfiguration> {
  const base = fhirBaseUrl.replace(/\/$/, '');
  const url = `${base}/.well-known/smart-configuration`;
  const res = await fetchWithTimeout(options.fetch ?? globalThis.fetch, url, {
    method: 'GET',
    headers: { Accept: 'application/json' },
  }, options.timeoutMs ?? 10_000, 'discovery');
  if (!res.ok) {
    throw new SmartAuthError('discovery_failed', `SMART discovery failed: HTTP ${res.status} from ${url}`, {
      status: res.status,
      retryable: res.status >= 500 || res.status === 429,
    });
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (cause) {
    throw new SmartAuthError('discovery_failed', `SMART discovery returned invalid JSON from ${url}`, { status: res.status, cause });
  }
  if (typeof body !== 'object' || body === null || typeof (body as SmartConfiguration).token_endpoint !== 'string') {
    throw new SmartAuthError('discovery_failed', `SMART configuration at ${url} has no token_endpoint`, { status: res.status });
  }
  const config = body as SmartConfiguration;
  let tokenEndpoint: string;
  try {
    tokenEndpoint = new URL(config.token_endpoint, `${base}/`).href;
  } catch (cause) {
    throw new SmartAuthError('discovery_failed', `SMART configuration at ${url} has an invalid token_endpoint`, { cause });
  }
  return { ...config, token_endpoint: tokenEndpoint };
}
