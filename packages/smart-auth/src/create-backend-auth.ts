import { validateOptions, type BackendAuthOptions } from './backend-auth-options.js';
import { createClientAuthenticator } from './client-authenticator.js';
import { createDiscoveryClient } from './discovery-client.js';
import type { SmartConfiguration } from './discovery.js';
import { SmartAuthError } from './errors.js';
import { safeLog, silentLogger } from './logger.js';
import { createMemoryTokenStore } from './memory-token-store.js';
import { ScopeEntries } from './scope-entries.js';
import { splitScopes } from './scopes.js';
import { createSharedTokenSource } from './shared-token-source.js';
import { createAuthTelemetry } from './telemetry/auth-telemetry.js';
import { TokenCache } from './token-cache.js';
import { requestToken, type AccessToken } from './token-request.js';
import { tokenStoreKey } from './token-store.js';

/**
 * A SMART Backend Services client for one registered app at one token endpoint.
 *
 * @example
 * ```ts
 * const auth: BackendAuth = createBackendAuth(options);
 * const { accessToken } = await auth.getToken('system/Patient.read');
 * ```
 */
export interface BackendAuth {
  /**
   * A valid access token for these scopes (default: `options.scopes`). Served from the cache
   * while fresh; concurrent calls for the same scopes share one token request.
   */
  getToken(scopes?: string | readonly string[]): Promise<AccessToken>;
  /**
   * Forgets a token the resource server rejected (401), here and in the token store (only while
   * the store still holds that token), so the next `getToken` gets a new one. Await it before
   * calling `getToken` again, then retry the FHIR call once; a second 401 is final. Never
   * rejects (a store failure is logged once per outage).
   */
  invalidate(accessToken: string): Promise<void>;
  /**
   * The SMART configuration, fetched once from `fhirBaseUrl` (failures are not cached); with
   * only a `tokenUrl`, `{ token_endpoint: tokenUrl }` without any request.
   */
  discover(): Promise<SmartConfiguration>;
  readonly clientId: string;
}

/**
 * Creates a SMART Backend Services client (OAuth 2.0 client_credentials grant) with a
 * single-flight token cache.
 *
 * - `credentials: { clientSecret }` authenticates with client_secret_basic (Cerner system
 *   accounts); `{ privateKey, keyId, alg }` with a private_key_jwt client assertion.
 * - The token endpoint is `tokenUrl`, or discovered from `fhirBaseUrl` on first use.
 * - Tokens are cached per scope set and handed out until `refreshMarginSeconds` before expiry.
 *   A warm `getToken()` is a Map lookup and a clock read, and returns the same resolved promise.
 *
 * @param options - see {@link BackendAuthOptions}
 * @returns the client
 * @throws {@link SmartAuthError} `invalid_options` at once for bad options, naming the field.
 *   `getToken` rejects with `invalid_options` (no scopes), the token endpoint's OAuth codes
 *   (`invalid_client`, `invalid_scope`, …), `discovery_failed`, `timeout`, `network`, `bad_response`.
 * @example
 * ```ts
 * const tenant = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
 * const auth = createBackendAuth({
 *   clientId: process.env.CERNER_CLIENT_ID!,
 *   credentials: { clientSecret: process.env.CERNER_CLIENT_SECRET! },
 *   tokenUrl: `https://authorization.cerner.com/tenants/${tenant}/protocols/oauth2/profiles/smart-v1/token`,
 *   scopes: ['system/Patient.read'],
 * });
 * const { accessToken, scopes, droppedScopes } = await auth.getToken();
 * ```
 */
export function createBackendAuth(options: BackendAuthOptions): BackendAuth {
  validateOptions(options);
  const clientId = options.clientId;
  const tokenUrlOption = options.tokenUrl;
  const now = options.now ?? Date.now;
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const randomId = options.randomId ?? ((): string => crypto.randomUUID());
  const credentials = { ...options.credentials };
  const defaultScopes = splitScopes(options.scopes);
  const cache = new TokenCache(now, options.refreshMarginSeconds ?? 60);
  const tel = createAuthTelemetry(options.telemetry);
  const shared = createSharedTokenSource({
    store: options.tokenStore ?? createMemoryTokenStore({ now }),
    now,
    refreshTime: (token) => cache.refreshTime(token),
    storeTimeoutMs: options.tokenStoreTimeoutMs ?? 500,
    // The lock outlives one token request; waiting on another holder is bounded by it.
    lockTtlMs: Math.min(timeoutMs + 1_000, 2_147_483_647),
    logger,
    clientId,
  });
  const entries = new ScopeEntries(cache, defaultScopes);
  const discover = createDiscoveryClient({
    fhirBaseUrl: options.fhirBaseUrl,
    tokenUrl: tokenUrlOption,
    credentials,
    clientId,
    fetch: fetchFn,
    timeoutMs,
    logger,
  });
  const authenticate = createClientAuthenticator({ clientId, credentials, now, randomId });

  const fetchToken = async (tokenUrl: string, scopes: string[]): Promise<AccessToken> => {
    try {
      const auth = await authenticate(tokenUrl);
      const token = await requestToken({ tokenUrl, scopes, auth, fetch: fetchFn, timeoutMs, now });
      safeLog(logger, 'debug', 'smart-auth: token issued', {
        clientId,
        tokenUrl,
        scopes: token.scopes,
        expiresInSeconds: Math.round((token.expiresAt - now()) / 1000),
      });
      if (token.droppedScopes.length > 0) {
        safeLog(
          logger,
          'warn',
          'smart-auth: requested scopes were not granted (not registered for this client?)',
          {
            clientId,
            tokenUrl,
            droppedScopes: token.droppedScopes,
            grantedScopes: token.scopes,
          },
        );
      }
      return token;
    } catch (error) {
      if (SmartAuthError.isInstance(error) && error.code !== 'discovery_failed') {
        safeLog(logger, 'warn', 'smart-auth: token request failed', {
          clientId,
          tokenUrl,
          code: error.code,
          status: error.status,
          errorUri: error.errorUri,
          retryable: error.retryable,
        });
      }
      throw error;
    }
  };

  const slowGetToken = (input: string | readonly string[] | undefined): Promise<AccessToken> => {
    let resolved: ReturnType<ScopeEntries['resolve']>;
    try {
      resolved = entries.resolve(input);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const { entry, scopes } = resolved;
    const fresh = cache.fresh(entry);
    if (fresh !== undefined) {
      tel.cacheHit();
      return fresh;
    }
    return tel.traceRequest(entry.inFlight !== undefined ? 'coalesced' : 'miss', (note) =>
      cache.get(entry, async () => {
        const tokenUrl = tokenUrlOption ?? (await discover()).token_endpoint;
        note({ 'server.address': URL.parse(tokenUrl)?.hostname });
        const key = tokenStoreKey(tokenUrl, clientId, scopes);
        return shared.obtain(key, () => fetchToken(tokenUrl, scopes), entry.rejected);
      }),
    );
  };

  return Object.freeze({
    clientId,
    discover,
    async invalidate(accessToken: string): Promise<void> {
      const keys = cache.invalidate(accessToken);
      if (keys.length === 0) return;
      safeLog(logger, 'debug', 'smart-auth: token invalidated', { clientId });
      await Promise.all(keys.map((key) => shared.invalidate(key, accessToken)));
    },
    getToken(input?: string | readonly string[]): Promise<AccessToken> {
      // The hot path: find the entry without parsing or allocating, then one clock read.
      const entry = entries.find(input);
      if (entry !== undefined) {
        const fresh = cache.fresh(entry);
        if (fresh !== undefined) {
          tel.cacheHit();
          return fresh;
        }
      }
      return slowGetToken(input);
    },
  });
}
