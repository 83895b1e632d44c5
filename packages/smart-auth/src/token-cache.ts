import type { AccessToken } from './token-request.js';
import type { StoredToken } from './token-store.js';

/**
 * One cache slot (one scope set). Entries are mutated in place, never replaced.
 * @internal
 *
 * @example
 * ```ts
 * const entry: CacheEntry = cache.entry('system/Encounter.read system/Patient.read');
 * ```
 */
export interface CacheEntry {
  readonly key: string;
  /** The current token, while usable. */
  token: AccessToken | undefined;
  /** An already-resolved promise of `token`: warm calls hand out this same object, no allocation. */
  settled: Promise<AccessToken> | undefined;
  /** Epoch ms from which `token` is no longer handed out. */
  refreshAt: number;
  /** The one request in flight for this key (single flight). */
  inFlight: Promise<AccessToken> | undefined;
  /** Kept even when idle (the default scope set). */
  pinned: boolean;
  /** The token store key of the current token (set when filled). */
  storeKey: string | undefined;
  /** Tokens the resource server refused (bounded): never cached again, even from a store. */
  rejected: Set<string>;
}

const MAX_IDLE_ENTRIES = 256;
const MAX_REJECTED = 8;

/**
 * Token cache with single flight and refresh before expiry.
 *
 * - Concurrent callers for one key share one request; a failed request is not cached, so the
 *   next call tries again.
 * - A token is handed out until `now >= refreshAt` ({@link refreshTime}: `expiresAt - margin`,
 *   the margin capped to half the token's lifetime for short-lived tokens).
 * - One code path, whatever the clock: every lookup reads `now()` once (the system clock or an
 *   injected one), so tests exercise exactly what production runs. No timers.
 * @internal
 *
 * @example
 * ```ts
 * const cache = new TokenCache(Date.now, 60);
 * const token = await cache.get(cache.entry('system/Patient.read'), () => shared.obtain(key, fetch, rejected));
 * ```
 */
export class TokenCache {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #now: () => number;
  readonly #marginMs: number;

  /**
   * @param now - clock, epoch ms
   * @param refreshMarginSeconds - how long before expiry to stop using a token
   */
  constructor(now: () => number, refreshMarginSeconds: number) {
    this.#now = now;
    this.#marginMs = refreshMarginSeconds * 1000;
  }

  /**
   * When a token fetched now should stop being handed out: `expiresAt - margin`, the margin
   * capped to half the remaining lifetime.
   *
   * @param token - a token just fetched
   * @returns epoch ms
   */
  refreshTime(token: AccessToken): number {
    const lifetime = Math.max(0, token.expiresAt - this.#now());
    return token.expiresAt - Math.min(this.#marginMs, lifetime / 2);
  }

  /**
   * The entry for a key, created if needed.
   *
   * @param key - the normalised cache key
   * @param pinned - never evict it
   * @returns the entry
   */
  entry(key: string, pinned = false): CacheEntry {
    let e = this.#entries.get(key);
    if (e === undefined) {
      if (this.#entries.size >= MAX_IDLE_ENTRIES) this.#sweep();
      e = {
        key,
        token: undefined,
        settled: undefined,
        refreshAt: 0,
        inFlight: undefined,
        pinned,
        storeKey: undefined,
        rejected: new Set(),
      };
      this.#entries.set(key, e);
    } else if (pinned) {
      e.pinned = true;
    }
    return e;
  }

  /**
   * The hot path: the entry's resolved promise when its token is still fresh, else undefined.
   *
   * @param e - the entry
   * @returns a resolved promise of the token, or undefined
   */
  fresh(e: CacheEntry): Promise<AccessToken> | undefined {
    const settled = e.settled;
    if (settled === undefined) return undefined;
    if (this.#now() < e.refreshAt) return settled;
    this.#retire(e);
    return undefined;
  }

  /**
   * A fresh token for the entry: the cached one, the request in flight, or a new request.
   *
   * @param e - the entry
   * @param obtain - gets the token (from a shared store or the token endpoint) with its store key
   * @returns the token
   */
  get(
    e: CacheEntry,
    obtain: () => Promise<{ stored: StoredToken; storeKey: string }>,
  ): Promise<AccessToken> {
    const fresh = this.fresh(e);
    if (fresh !== undefined) return fresh;
    if (e.inFlight !== undefined) return e.inFlight;
    const p = obtain().then(
      ({ stored, storeKey }) => {
        const { token } = stored;
        if (e.inFlight === p) {
          e.inFlight = undefined;
          this.#retire(e);
          if (!e.rejected.has(token.accessToken)) {
            e.token = token;
            e.settled = p;
            e.refreshAt = stored.refreshAt;
            e.storeKey = storeKey;
          }
        }
        return token;
      },
      (error: unknown) => {
        if (e.inFlight === p) e.inFlight = undefined;
        throw error;
      },
    );
    e.inFlight = p;
    return p;
  }

  /**
   * Forgets every entry holding this access token (after a 401 from the resource server), so
   * the next call requests a new one. A request already in flight is kept.
   *
   * The token is remembered as rejected by every entry, so a request in flight or a shared
   * store cannot put it back.
   *
   * @param accessToken - the rejected token
   * @returns the store keys of the entries that held it (empty when none did)
   */
  invalidate(accessToken: string): string[] {
    const keys: string[] = [];
    for (const e of this.#entries.values()) {
      if (e.rejected.size >= MAX_REJECTED) e.rejected.clear();
      e.rejected.add(accessToken);
      if (e.token !== undefined && e.token.accessToken === accessToken) {
        if (e.storeKey !== undefined) keys.push(e.storeKey);
        this.#retire(e);
      }
    }
    return keys;
  }

  /** Forgets all tokens (requests in flight still settle for their callers). */
  clear(): void {
    for (const e of this.#entries.values()) {
      this.#retire(e);
      e.inFlight = undefined;
    }
  }

  /** Number of entries (for tests). */
  get size(): number {
    return this.#entries.size;
  }

  #retire(e: CacheEntry): void {
    e.token = undefined;
    e.settled = undefined;
    e.refreshAt = 0;
    e.storeKey = undefined;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, e] of this.#entries) {
      if (!e.pinned && e.inFlight === undefined && now >= e.refreshAt) {
        this.#retire(e);
        this.#entries.delete(key);
      }
    }
  }
}
