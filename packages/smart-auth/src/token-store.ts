import { createHash } from 'node:crypto';
import type { AccessToken } from './token-request.js';

/**
 * A token as a {@link TokenStore} keeps it: the token and the moment from which no process
 * should hand it out any more (`expiresAt` minus the early-refresh margin, computed once by the
 * process that fetched it).
 *
 * @example
 * ```ts
 * const stored: StoredToken = { token, refreshAt: token.expiresAt - 60_000 };
 * ```
 */
export interface StoredToken {
  readonly token: AccessToken;
  /** Epoch ms. */
  readonly refreshAt: number;
}

/**
 * A held "I am fetching this token" lock. `release` deletes the lock only if it is still this
 * holder's (compare-and-delete), so a lock that expired and was taken by another process is left
 * alone.
 *
 * @example
 * ```ts
 * const lock = await store.lock(key, 11_000);
 * if (lock) try { … } finally { await lock.release(); }
 * ```
 */
export interface TokenStoreLock {
  release(): Promise<void>;
}

/**
 * Where tokens live between processes: the port behind `createBackendAuth({ tokenStore })`.
 * Every method is async and may reject or hang: `createBackendAuth` bounds each call with
 * `tokenStoreTimeoutMs` and, on any failure, fetches and caches its own token (a store outage
 * never fails a token request). An in-process L1 cache always sits in front of the store, so a
 * warm `getToken()` never calls it.
 *
 * Keys come from {@link tokenStoreKey}: a hash, never a secret. Values hold an access token
 * (a bearer credential): a shared store should encrypt them (`@cerner-kit/token-store-redis`
 * does, AES-256-GCM).
 *
 * @example
 * ```ts
 * const auth = createBackendAuth({ ...options, tokenStore: createMemoryTokenStore() });
 * ```
 */
export interface TokenStore {
  /**
   * The stored token for a key, or undefined.
   * @param key - from {@link tokenStoreKey}
   */
  get(key: string): Promise<StoredToken | undefined>;
  /**
   * Stores a token that expires from the store after `ttlMs`.
   * @param key - from {@link tokenStoreKey}
   * @param value - the token and its refresh time
   * @param ttlMs - time to live, ms (> 0)
   */
  set(key: string, value: StoredToken, ttlMs: number): Promise<void>;
  /**
   * Takes the short "I am fetching this token" lock, or returns undefined when another holder
   * has it. The lock expires by itself after `ttlMs`.
   * @param key - from {@link tokenStoreKey}
   * @param ttlMs - how long the lock lives if never released
   */
  lock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>;
  /**
   * Deletes the key; with `accessToken`, only while the stored token is that one
   * (compare-and-delete, so a fresh token stored by another process survives a late 401).
   * @param key - from {@link tokenStoreKey}
   * @param accessToken - delete only if the stored token is this one
   */
  delete(key: string, accessToken?: string): Promise<void>;
}

/**
 * The store key of a token: `sha256(tokenUrl, clientId, sorted scope set)` as 64 hex digits.
 * It names the token URL, client and scopes without revealing them, and never contains a secret.
 *
 * @param tokenUrl - the token endpoint
 * @param clientId - the client id
 * @param scopes - the requested scopes (order and duplicates do not matter)
 * @returns the key
 * @example
 * ```ts
 * tokenStoreKey(tokenUrl, 'my-app', ['system/Patient.read']); // '3f1c…' (64 hex digits)
 * ```
 */
export function tokenStoreKey(
  tokenUrl: string,
  clientId: string,
  scopes: readonly string[],
): string {
  const scopeSet = [...new Set(scopes)].sort().join(' ');
  return createHash('sha256')
    .update(JSON.stringify(['cerner-kit.token.v1', tokenUrl, clientId, scopeSet]))
    .digest('hex');
}
