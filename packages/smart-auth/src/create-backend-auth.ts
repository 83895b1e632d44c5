import type { KeyObject } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { validateOptions, type BackendAuthOptions } from './backend-auth-options.js';
import { createClientAssertion, importSigningKey } from './client-assertion.js';
import { discoverSmartConfiguration, type SmartConfiguration } from './discovery.js';
import { SmartAuthError } from './errors.js';
import { safeLog, silentLogger } from './logger.js';
import { createMemoryTokenStore } from './memory-token-store.js';
import { splitScopes } from './scopes.js';
import { createSharedTokenSource } from './shared-token-source.js';
import { TokenCache, type CacheEntry } from './token-cache.js';
import { requestToken, type AccessToken, type ClientAuthentication } from './token-request.js';
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

/** Cache key: the sorted scope set (the token URL and client are fixed per instance). */
function keyOf(scopes: readonly string[]): string {
  return [...scopes].sort().join(' ');
}

function sameElements(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const MAX_ALIASES = 512;

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
  const fhirBaseUrl = options.fhirBaseUrl;
  const now = options.now ?? Date.now;
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const randomId = options.randomId ?? ((): string => crypto.randomUUID());
  const credentials = { ...options.credentials };
  const defaultScopes = splitScopes(options.scopes);
  const cache = new TokenCache(now, options.refreshMarginSeconds ?? 60);
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
  const defaultEntry =
    defaultScopes.length > 0 ? cache.entry(keyOf(defaultScopes), true) : undefined;
  const stringAliases = new Map<string, CacheEntry>();
  const arrayAliases = new WeakMap<
    readonly string[],
    { copy: readonly string[]; entry: CacheEntry }
  >();

  let discovery: Promise<SmartConfiguration> | undefined;
  const discover = (): Promise<SmartConfiguration> => {
    if (discovery !== undefined) return discovery;
    if (fhirBaseUrl === undefined) {
      discovery = Promise.resolve(Object.freeze({ token_endpoint: tokenUrlOption! }));
      return discovery;
    }
    const p = discoverSmartConfiguration(fhirBaseUrl, { fetch: fetchFn, timeoutMs }).then(
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

  const checkAdvertised = (config: SmartConfiguration): void => {
    const method = 'clientSecret' in credentials ? 'client_secret_basic' : 'private_key_jwt';
    const methods = config.token_endpoint_auth_methods_supported;
    if (methods !== undefined && !methods.includes(method)) {
      safeLog(
        logger,
        'warn',
        'smart-auth: the server does not advertise this client authentication method',
        {
          clientId,
          method,
          advertised: methods,
        },
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

  let signingKey: Promise<CryptoKey | KeyObject> | undefined;
  const getSigningKey = (): Promise<CryptoKey | KeyObject> => {
    if (!('privateKey' in credentials)) throw new Error('unreachable: no private key');
    if (signingKey === undefined) {
      const p = importSigningKey(credentials.privateKey, credentials.alg);
      p.catch(() => {
        if (signingKey === p) signingKey = undefined;
      });
      signingKey = p;
    }
    return signingKey;
  };

  const authenticate = async (tokenUrl: string): Promise<ClientAuthentication> => {
    if ('clientSecret' in credentials) {
      return { kind: 'client_secret_basic', clientId, clientSecret: credentials.clientSecret };
    }
    const assertion = await createClientAssertion({
      clientId,
      tokenUrl,
      privateKey: await getSigningKey(),
      keyId: credentials.keyId,
      alg: credentials.alg,
      now,
      jti: randomId(),
      ...(credentials.jku !== undefined ? { jku: credentials.jku } : {}),
    });
    return { kind: 'private_key_jwt', assertion };
  };

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
    if (
      input !== undefined &&
      typeof input !== 'string' &&
      !(Array.isArray(input) && input.every((s) => typeof s === 'string'))
    ) {
      return Promise.reject(
        new SmartAuthError(
          'invalid_options',
          'scopes: must be a space-separated string or a list of strings',
          { field: 'scopes' },
        ),
      );
    }
    let scopes = splitScopes(input);
    if (scopes.length === 0) scopes = defaultScopes;
    if (scopes.length === 0) {
      return Promise.reject(
        new SmartAuthError(
          'invalid_options',
          'scopes: SMART requires at least one scope; pass scopes to getToken() or to createBackendAuth()',
          { field: 'scopes' },
        ),
      );
    }
    const entry = cache.entry(keyOf(scopes));
    if (typeof input === 'string') {
      if (stringAliases.size >= MAX_ALIASES) stringAliases.clear();
      stringAliases.set(input, entry);
    } else if (input !== undefined) {
      arrayAliases.set(input, { copy: [...input], entry });
    }
    return cache.get(entry, async () => {
      const tokenUrl = tokenUrlOption ?? (await discover()).token_endpoint;
      const key = tokenStoreKey(tokenUrl, clientId, scopes);
      return shared.obtain(key, () => fetchToken(tokenUrl, scopes), entry.rejected);
    });
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
      let entry: CacheEntry | undefined;
      if (input === undefined) entry = defaultEntry;
      else if (typeof input === 'string') entry = stringAliases.get(input);
      else {
        const alias = arrayAliases.get(input);
        if (alias !== undefined && sameElements(alias.copy, input)) entry = alias.entry;
      }
      if (entry !== undefined) {
        const fresh = cache.fresh(entry);
        if (fresh !== undefined) return fresh;
      }
      return slowGetToken(input);
    },
  });
}
