import type { StoredToken, TokenStore, TokenStoreLock } from './token-store.js';

/**
 * Options of {@link createMemoryTokenStore}.
 *
 * @example
 * ```ts
 * const options: MemoryTokenStoreOptions = { now: () => clock.ms };
 * ```
 */
export interface MemoryTokenStoreOptions {
  /** Clock for expiry, epoch ms; default `Date.now`. */
  now?: () => number;
}

const MAX_ENTRIES = 1024;

/**
 * The default {@link TokenStore}: one process's memory. `createBackendAuth` uses a new one per
 * client unless given `tokenStore`; pass one store to several clients of one process to share
 * it (keys are namespaced by token URL, client and scopes). Expired entries are dropped on
 * access and when it grows past 1,024 keys.
 *
 * @param options - clock
 * @returns the store
 * @example
 * ```ts
 * const tokenStore = createMemoryTokenStore();
 * const a = createBackendAuth({ ...optionsA, tokenStore });
 * const b = createBackendAuth({ ...optionsB, tokenStore });
 * ```
 */
export function createMemoryTokenStore(options: MemoryTokenStoreOptions = {}): TokenStore {
  const now = options.now ?? Date.now;
  const values = new Map<string, { value: StoredToken; until: number }>();
  const locks = new Map<string, { holder: object; until: number }>();

  const sweep = (t: number): void => {
    for (const [k, v] of values) if (v.until <= t) values.delete(k);
    for (const [k, l] of locks) if (l.until <= t) locks.delete(k);
  };

  return {
    get(key) {
      const hit = values.get(key);
      if (hit === undefined) return Promise.resolve(undefined);
      if (hit.until <= now()) {
        values.delete(key);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(hit.value);
    },
    set(key, value, ttlMs) {
      const t = now();
      if (values.size >= MAX_ENTRIES) sweep(t);
      values.set(key, { value, until: t + ttlMs });
      return Promise.resolve();
    },
    lock(key, ttlMs) {
      const t = now();
      const held = locks.get(key);
      if (held !== undefined && held.until > t) return Promise.resolve(undefined);
      if (locks.size >= MAX_ENTRIES) sweep(t);
      const holder = {};
      locks.set(key, { holder, until: t + ttlMs });
      const lock: TokenStoreLock = {
        release() {
          if (locks.get(key)?.holder === holder) locks.delete(key);
          return Promise.resolve();
        },
      };
      return Promise.resolve(lock);
    },
    delete(key, accessToken) {
      const hit = values.get(key);
      if (
        hit !== undefined &&
        (accessToken === undefined || hit.value.token.accessToken === accessToken)
      ) {
        values.delete(key);
      }
      return Promise.resolve();
    },
  };
}
