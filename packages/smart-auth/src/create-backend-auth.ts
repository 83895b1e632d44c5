import type { KeyObject } from 'node:crypto';
import type { CryptoKey, JWK } from 'jose';
import { ASSERTION_ALGORITHMS, createClientAssertion, type AssertionAlgorithm } from './client-assertion.js';
import { discoverSmartConfiguration, type SmartConfiguration } from './discovery.js';
import { SmartAuthError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { splitScopes } from './scopes.js';
import { TokenCache } from './token-cache.js';
import { requestToken, type AccessToken } from './token-request.js';

/**
 * How the client proves who it is: a secret (client_secret_basic, what Cerner system accounts
 * use) or a private key (private_key_jwt, SMART's asymmetric profile).
 */
export type ClientCredentials =
  | { clientSecret: string }
  | { privateKey: CryptoKey | KeyObject | JWK | string; keyId: string; alg: AssertionAlgorithm; jku?: string };

/** Options of {@link createBackendAuth}. */
export interface BackendAuthOptions {
  clientId: string;
  credentials: ClientCredentials;
  /** The token endpoint. Without it, discovery from `fhirBaseUrl` finds it. */
  tokenUrl?: string;
  /** FHIR base for `.well-known/smart-configuration` discovery. */
  fhirBaseUrl?: string;
  /** Default scopes for `getToken()`. */
  scopes?: string | readonly string[];
  /** Refresh this long before expiry (default 60; capped to half a short token's life). */
  refreshMarginSeconds?: number;
  /** Per request (default 10,000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Clock, epoch ms. */
  now?: () => number;
  logger?: Logger;
  /** `jti` generator for client assertions (default `crypto.randomUUID`). */
  randomId?: () => string;
}

/** A SMART Backend Services client for one registered app. */
export interface BackendAuth {
  /**
   * A valid access token for these scopes (default: `options.scopes`), from the cache when
   * fresh. Concurrent calls share one token request.
   */
  getToken(scopes?: string | readonly string[]): Promise<AccessToken>;
  /** Drops a token the resource server rejected (401), so the next `getToken` fetches anew. */
  invalidate(accessToken: string): void;
  /** The SMART configuration (discovered once), or a minimal one built from `tokenUrl`. */
  discover(): Promise<SmartConfiguration>;
  readonly clientId: string;
}

function fail(field: string, message: string): never {
  throw new SmartAuthError('invalid_options', `${field}: ${message}`, { field });
}

function validateOptions(o: BackendAuthOptions): void {
  if (typeof o !== 'object' || o === null) fail('options', 'expected an object');
  if (typeof o.clientId !== 'string' || o.clientId.trim() === '') fail('clientId', 'required, a non-empty string');
  if (o.tokenUrl === undefined && o.fhirBaseUrl === undefined) fail('tokenUrl', 'give tokenUrl, or fhirBaseUrl for discovery');
  for (const f of ['tokenUrl', 'fhirBaseUrl'] as const) {
    const v = o[f];
    if (v !== undefined && !URL.canParse(v)) fail(f, 'must be an absolute URL');
  }
  const c = o.credentials as Partial<Record<string, unknown>> | undefined;
  if (typeof c !== 'object' || c === null) fail('credentials', 'required: { clientSecret } or { privateKey, keyId, alg }');
  if ('clientSecret' in c) {
    if (typeof c.clientSecret !== 'string' || c.clientSecret === '') fail('credentials.clientSecret', 'must be a non-empty string');
  } else if ('privateKey' in c) {
    if (c.privateKey === undefined || c.privateKey === null) fail('credentials.privateKey', 'required');
    if (typeof c.keyId !== 'string' || c.keyId === '') fail('credentials.keyId', 'required (the kid registered with the JWKS)');
    if (!ASSERTION_ALGORITHMS.includes(c.alg as AssertionAlgorithm)) fail('credentials.alg', 'must be RS384 or ES384');
  } else {
    fail('credentials', 'expected { clientSecret } or { privateKey, keyId, alg }');
  }
  if (o.refreshMarginSeconds !== undefined && !(o.refreshMarginSeconds >= 0)) fail('refreshMarginSeconds', 'must be >= 0');
  if (o.timeoutMs !== undefined && !(o.timeoutMs > 0)) fail('timeoutMs', 'must be > 0');
}

/**
 * Creates a SMART Backend Services client (client_credentials grant) with a single-flight
 * token cache.
 *
 * @throws {@link SmartAuthError} `invalid_options` at once for bad options, naming the field
 * @example
 * ```ts
 * const auth = createBackendAuth({
 *   clientId: process.env.CERNER_CLIENT_ID!,
 *   credentials: { clientSecret: process.env.CERNER_CLIENT_SECRET! },
 *   tokenUrl: 'https://authorization.cerner.com/tenants/ec2458f2-1e24-41c8-b71b-0e701af7583d/protocols/oauth2/profiles/smart-v1/token',
 *   scopes: ['system/Patient.read'],
 * });
 * const { accessToken, scopes } = await auth.getToken();
 * ```
 */
export function createBackendAuth(options: BackendAuthOptions): BackendAuth {
  validateOptions(options);
  const now = options.now ?? Date.now;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const defaultScopes = splitScopes(options.scopes);
  const cache = new TokenCache(now, options.refreshMarginSeconds ?? 60);
  const credentials = options.credentials;
  const scopeKeys = new Map<string | readonly string[], { scopes: string[]; key: string }>();
  let discovery: Promise<SmartConfiguration> | undefined;

  const discover = (): Promise<SmartConfiguration> => {
    if (discovery) return discovery;
    if (options.tokenUrl !== undefined) {
      discovery = Promise.resolve({ token_endpoint: options.tokenUrl });
    } else {
      discovery = discoverSmartConfiguration(options.fhirBaseUrl!, { fetch: fetchFn, timeoutMs }).catch((e: unknown) => {
        discovery = undefined; // retry discovery on the next call
        throw e;
      });
    }
    return discovery;
  };

  const resolveScopes = (input: string | readonly string[] | undefined): { scopes: string[]; key: string } => {
    if (input === undefined) input = defaultScopes;
    const hit = scopeKeys.get(input);
    if (hit) return hit;
    const scopes = splitScopes(input);
    const entry = { scopes, key: [...scopes].sort().join(' ') };
    if (scopeKeys.size < 256) scopeKeys.set(input, entry);
    return entry;
  };

  const fetchToken = async (scopes: string[]): Promise<AccessToken> => {
    const config = await discover();
    const tokenUrl = config.token_endpoint;
    const started = now();
    const auth =
      'clientSecret' in credentials
        ? ({ kind: 'basic', clientId: options.clientId, clientSecret: credentials.clientSecret } as const)
        : ({
            kind: 'assertion',
            assertion: await createClientAssertion({
              clientId: options.clientId,
              tokenUrl,
              privateKey: credentials.privateKey,
              keyId: credentials.keyId,
              alg: credentials.alg,
              now,
              ...(credentials.jku ? { jku: credentials.jku } : {}),
              ...(options.randomId ? { jti: options.randomId() } : {}),
            }),
          } as const);
    try {
      const token = await requestToken({ tokenUrl, scopes, auth, fetch: fetchFn, timeoutMs, now });
      logger.debug('smart-auth: token issued', {
        clientId: options.clientId,
        grantedScopes: token.scopes,
        expiresInSeconds: Math.round((token.expiresAt - now()) / 1000),
        durationMs: now() - started,
      });
      if (token.droppedScopes.length > 0) {
        logger.warn('smart-auth: scopes requested but not granted (not registered for this client?)', {
          clientId: options.clientId,
          droppedScopes: token.droppedScopes,
        });
      }
      return token;
    } catch (e) {
      logger.warn('smart-auth: token request failed', {
        clientId: options.clientId,
        code: SmartAuthError.isInstance(e) ? e.code : 'unknown',
        status: SmartAuthError.isInstance(e) ? e.status : undefined,
      });
      throw e;
    }
  };

  return {
    clientId: options.clientId,
    discover,
    invalidate: (accessToken) => {
      cache.invalidate(accessToken);
    },
    getToken: (input) => {
      const { scopes, key } = resolveScopes(input);
      const fresh = cache.peek(key);
      if (fresh) return Promise.resolve(fresh);
      if (scopes.length === 0) {
        return Promise.reject(
          new SmartAuthError('invalid_options', 'scopes: SMART requires at least one scope (pass scopes to getToken or createBackendAuth)', {
            field: 'scopes',
          }),
        );
      }
      return cache.get(key, () => fetchToken(scopes));
    },
  };
}
