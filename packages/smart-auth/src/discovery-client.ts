import type { ClientCredentials } from './backend-auth-options.js';
import { discoverSmartConfiguration, type SmartConfiguration } from './discovery.js';
import { SmartAuthError } from './errors.js';
import { safeLog, type Logger } from './logger.js';

/**
 * What {@link createDiscoveryClient} needs: one client's URLs, credentials kind and plumbing.
 * @internal
 *
 * @example
 * ```ts
 * const o: DiscoveryClientOptions = { fhirBaseUrl, tokenUrl: undefined, credentials, clientId, fetch, timeoutMs: 10_000, logger };
 * ```
 */
export interface DiscoveryClientOptions {
  fhirBaseUrl: string | undefined;
  tokenUrl: string | undefined;
  credentials: ClientCredentials;
  clientId: string;
  fetch: typeof fetch;
  timeoutMs: number;
  logger: Logger;
}

/**
 * The discovery seam of `createBackendAuth`: `discover()` fetches the SMART configuration once
 * from `fhirBaseUrl` (concurrent callers share the request; a failure is not cached and is
 * logged), or answers `{ token_endpoint: tokenUrl }` without a request when there is no FHIR
 * base. It warns when the server does not advertise the client's authentication method or
 * signing algorithm.
 * @internal
 *
 * @param o - see {@link DiscoveryClientOptions}
 * @returns `discover`
 * @example
 * ```ts
 * const discover = createDiscoveryClient(o);
 * const { token_endpoint } = await discover();
 * ```
 */
export function createDiscoveryClient(
  o: DiscoveryClientOptions,
): () => Promise<SmartConfiguration> {
  const { fhirBaseUrl, credentials, clientId, logger } = o;
  let discovery: Promise<SmartConfiguration> | undefined;

  const checkAdvertised = (config: SmartConfiguration): void => {
    const method = 'clientSecret' in credentials ? 'client_secret_basic' : 'private_key_jwt';
    const methods = config.token_endpoint_auth_methods_supported;
    if (methods !== undefined && !methods.includes(method)) {
      safeLog(
        logger,
        'warn',
        'smart-auth: the server does not advertise this client authentication method',
        { clientId, method, advertised: methods },
      );
    }
    const algs = config.token_endpoint_auth_signing_alg_values_supported;
    if ('alg' in credentials && algs !== undefined && !algs.includes(credentials.alg)) {
      safeLog(logger, 'warn', 'smart-auth: the server does not advertise this signing algorithm', {
        clientId,
        alg: credentials.alg,
        advertised: algs,
      });
    }
  };

  return () => {
    if (discovery !== undefined) return discovery;
    if (fhirBaseUrl === undefined) {
      discovery = Promise.resolve(Object.freeze({ token_endpoint: o.tokenUrl! }));
      return discovery;
    }
    const p = discoverSmartConfiguration(fhirBaseUrl, {
      fetch: o.fetch,
      timeoutMs: o.timeoutMs,
    }).then(
      (config) => {
        checkAdvertised(config);
        return config;
      },
      (error: unknown) => {
        if (discovery === p) discovery = undefined; // retry on the next call
        safeLog(logger, 'warn', 'smart-auth: SMART discovery failed', {
          clientId,
          fhirBaseUrl,
          code: SmartAuthError.isInstance(error) ? error.code : 'unknown',
          status: SmartAuthError.isInstance(error) ? error.status : undefined,
        });
        throw error;
      },
    );
    discovery = p;
    return p;
  };
}
