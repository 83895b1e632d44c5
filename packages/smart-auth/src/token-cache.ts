import type { AccessToken } from './token-request.js';

/** One cache slot (one scope set). Entries are mutated in place, never replaced. @internal */
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
}

const MAX_IDLE_ENTRIES = 256;

/**
 * Token cache with single flight and refresh before expiry.
 *
 * - Concurrent callers for one key share one request; a failed request is not cached, so the
 *   next call tries again.
 * - A token is handed out until `now >= expiresAt - margin`, where margin is
 *   `refreshMarginSeconds`, capped to half the token's lifetime for short-lived tokens.
 * @internal
 *
 * @example
 * ```ts
 * const cache = new TokenCache(Date.now, 60);
 * const token = await cache.get(cache.entry('system/Patient.read'), () => requestToken(...));
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
      e = { key, token: undefined, settled: undefined, refreshAt: 0, inFlight: undefined, pinned };
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
    return e.settled !== undefined && this.#now() < e.refreshAt ? e.settled : undefined;
  }

  /**
   * A fresh token for the entry: the cached one, the request in flight, or a new request.
   *
   * @param e - the entry
   * @param fetchToken - makes the request
   * @returns the token
   */
  get(e: CacheEntry, fetchToken: () => Promise<AccessToken>): Promise<AccessToken> {
    const fresh = this.fresh(e);
    if (fresh !== undefined) return fresh;
    if (e.inFlight !== undefined) return e.inFlight;
    const p = fetchToken().then(
      (token) => {
        if (e.inFlight === p) {
          const lifetime = Math.max(0, token.expiresAt - this.#now());
          e.token = token;
          e.settled = p;
          e.refreshAt = token.expiresAt - Math.min(this.#marginMs, lifetime / 2);
          e.inFlight = undefined;
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
   * @param accessToken - the rejected token
   * @returns whether any entry held it
   */
  invalidate(accessToken: string): boolean {
    let found = false;
    for (const e of this.#entries.values()) {
      if (e.token !== undefined && e.token.accessToken === accessToken) {
        e.token = undefined;
        e.settled = undefined;
        e.refreshAt = 0;
        found = true;
      }
    }
    return found;
  }

  /** Forgets all tokens (requests in flight still settle for their callers). */
  clear(): void {
    for (const e of this.#entries.values()) {
      e.token = undefined;
      e.settled = undefined;
      e.refreshAt = 0;
      e.inFlight = undefined;
    }
  }

  /** Number of entries (for tests). */
  get size(): number {
    return this.#entries.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, e] of this.#entries) {
      if (!e.pinned && e.inFlight === undefined && now >= e.refreshAt) this.#entries.delete(key);
    }
  }
}
