import { safeLog, type Logger } from './logger.js';
import type { AccessToken } from './token-request.js';
import type { StoredToken, TokenStore } from './token-store.js';

/**
 * What {@link createSharedTokenSource} needs.
 * @internal
 *
 * @example
 * ```ts
 * const o: SharedTokenSourceOptions = { store, now: Date.now, refreshTime, storeTimeoutMs: 500, lockTtlMs: 11_000, logger, clientId };
 * ```
 */
export interface SharedTokenSourceOptions {
  store: TokenStore;
  now: () => number;
  /** When a token fetched now should stop being handed out (the cache's margin rule). */
  refreshTime: (token: AccessToken) => number;
  /** Bound on each store call. */
  storeTimeoutMs: number;
  /** How long the fetch lock lives if its holder dies; also the longest wait on another holder. */
  lockTtlMs: number;
  logger: Logger;
  clientId: string;
  /** Waits between polls of a value another process is fetching (default: a real timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

/**
 * Gets tokens through a {@link TokenStore}, fetching them from the token endpoint at most once
 * across every process that shares the store.
 * @internal
 *
 * @example
 * ```ts
 * const { stored } = await source.obtain(key, () => fetchToken(scopes), entry.rejected);
 * ```
 */
export interface SharedTokenSource {
  /**
   * A usable token for the key: the stored one; else, holding the store's lock, a fetched one
   * (then stored); else, while another process holds the lock, the value it stores (polled,
   * bounded by the lock's lifetime); else a fetched one. Any store failure or timeout: a
   * fetched one. Never rejects because of the store.
   * @param key - from tokenStoreKey
   * @param fetchToken - one token request
   * @param rejected - tokens the resource server refused: a stored one of these is ignored
   */
  obtain(
    key: string,
    fetchToken: () => Promise<AccessToken>,
    rejected: ReadonlySet<string>,
  ): Promise<{ stored: StoredToken; storeKey: string }>;
  /**
   * Deletes the stored token for the key if it is still this one (compare-and-delete); bounded,
   * never rejects.
   * @param key - from tokenStoreKey
   * @param accessToken - the refused token
   */
  invalidate(key: string, accessToken: string): Promise<void>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false };

const POLL_MS = 25;

/** The failure's code or name, never its message (a store's message could echo a value). */
function failureKind(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length <= 64) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name.length <= 64) return name;
  }
  return 'unknown';
}

/**
 * Creates the store-coordinated token source behind `createBackendAuth` (L2 behind its L1).
 *
 * - Every store call is bounded by `storeTimeoutMs`. A failure or timeout means "store
 *   unavailable": the process fetches its own token and keeps going; one warning per outage
 *   (no values), one info line when the store answers again.
 * - A stored token is used while `now < refreshAt` and it is not in `rejected`.
 * @internal
 *
 * @param o - see {@link SharedTokenSourceOptions}
 * @returns the source
 * @example
 * ```ts
 * const source = createSharedTokenSource({ store, now, refreshTime, storeTimeoutMs: 500, lockTtlMs: 11_000, logger, clientId });
 * ```
 */
export function createSharedTokenSource(o: SharedTokenSourceOptions): SharedTokenSource {
  const { store, now, logger, clientId } = o;
  const random = o.random ?? Math.random;
  const sleep =
    o.sleep ??
    ((ms: number): Promise<void> =>
      new Promise((resolve) => {
        setTimeout(resolve, ms);
      }));
  const maxPolls = Math.max(1, Math.ceil(o.lockTtlMs / POLL_MS));
  let outage = false;

  const call = async <T>(operation: string, f: () => Promise<T>): Promise<Outcome<T>> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const value = await Promise.race([
        f(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            const e = new Error(`token store ${operation} timed out`);
            e.name = 'TimeoutError';
            reject(e);
          }, o.storeTimeoutMs);
        }),
      ]);
      if (outage) {
        outage = false;
        safeLog(logger, 'info', 'smart-auth: token store answers again; sharing tokens', {
          clientId,
        });
      }
      return { ok: true, value };
    } catch (error) {
      if (!outage) {
        outage = true;
        safeLog(
          logger,
          'warn',
          'smart-auth: token store unavailable; this process fetches and caches its own tokens until it answers again',
          { clientId, operation, failure: failureKind(error), timeoutMs: o.storeTimeoutMs },
        );
      }
      return { ok: false };
    } finally {
      clearTimeout(timer);
    }
  };

  const usable = (
    value: StoredToken | undefined,
    rejected: ReadonlySet<string>,
  ): value is StoredToken =>
    value !== undefined &&
    typeof value === 'object' &&
    typeof value.refreshAt === 'number' &&
    typeof value.token?.accessToken === 'string' &&
    !rejected.has(value.token.accessToken) &&
    now() < value.refreshAt;

  const fetchOwn = async (fetchToken: () => Promise<AccessToken>): Promise<StoredToken> => {
    const token = await fetchToken();
    return { token, refreshAt: o.refreshTime(token) };
  };

  const fetchAndStore = async (
    key: string,
    fetchToken: () => Promise<AccessToken>,
  ): Promise<StoredToken> => {
    const stored = await fetchOwn(fetchToken);
    const ttlMs = Math.floor(stored.refreshAt - now());
    if (ttlMs > 0) await call('set', () => store.set(key, stored, ttlMs));
    return stored;
  };

  return {
    async obtain(key, fetchToken, rejected) {
      const done = (stored: StoredToken): { stored: StoredToken; storeKey: string } => ({
        stored,
        storeKey: key,
      });
      for (let poll = 0; ; poll++) {
        const got = await call('get', () => store.get(key));
        // Unavailable (or garbage): fetch our own, and try to store it (repairs a bad value).
        if (!got.ok) return done(await fetchAndStore(key, fetchToken));
        if (usable(got.value, rejected)) return done(got.value);
        const lock = await call('lock', () => store.lock(key, o.lockTtlMs));
        if (!lock.ok) return done(await fetchOwn(fetchToken));
        if (lock.value !== undefined) {
          const held = lock.value;
          try {
            // Another process may have stored a token between our get and our lock.
            const again = await call('get', () => store.get(key));
            if (again.ok && usable(again.value, rejected)) return done(again.value);
            return done(await fetchAndStore(key, fetchToken));
          } finally {
            await call('unlock', () => held.release());
          }
        }
        // Another process is fetching: wait for its value, bounded by the lock's lifetime.
        if (poll >= maxPolls) return done(await fetchOwn(fetchToken));
        await sleep(POLL_MS + Math.floor(random() * POLL_MS));
      }
    },

    async invalidate(key, accessToken) {
      await call('delete', () => store.delete(key, accessToken));
    },
  };
}
