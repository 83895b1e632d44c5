import type { AccessToken } from './token-request.js';

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
  /** Timer mode: clears `settled` at `refreshAt`. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

const MAX_IDLE_ENTRIES = 256;
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Token cache with single flight and refresh before expiry.
 *
 * - Concurrent callers for one key share one request; a failed request is not cached, so the
 *   next call tries again.
 * - A token is handed out until `now >= expiresAt - margin`, where margin is
 *   `refreshMarginSeconds`, capped to half the token's lifetime for short-lived tokens.
 * - With an injected clock, every lookup reads it. With the system clock (`timers` mode) a
 *   timer retires the token at `refreshAt`, so a warm lookup needs no clock read (Date.now()
 *   costs several Map lookups); every 256th lookup still checks the clock, in case the timer
 *   is late (a suspended host: timers run on the monotonic clock).
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
  readonly #timers: boolean;
  #lookups = 0;

  /**
   * @param now - clock, epoch ms
   * @param refreshMarginSeconds - how long before expiry to stop using a token
   * @param timers - retire tokens with timers instead of reading the clock on each lookup
   */
  constructor(now: () => number, refreshMarginSeconds: number, timers = false) {
    this.#now = now;
    this.#marginMs = refreshMarginSeconds * 1000;
    this.#timers = timers;
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
        timer: undefined,
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
    if (this.#timers && (++this.#lookups & 255) !== 0) return settled;
    if (this.#now() < e.refreshAt) return settled;
    this.#retire(e);
    return undefined;
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
          const now = this.#now();
          const lifetime = Math.max(0, token.expiresAt - now);
          this.#retire(e);
          e.token = token;
          e.settled = p;
          e.refreshAt = token.expiresAt - Math.min(this.#marginMs, lifetime / 2);
          e.inFlight = undefined;
          if (this.#timers) this.#schedule(e, p, e.refreshAt - now);
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
        this.#retire(e);
        found = true;
      }
    }
    return found;
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
    if (e.timer !== undefined) clearTimeout(e.timer);
    e.timer = undefined;
    e.token = undefined;
    e.settled = undefined;
    e.refreshAt = 0;
  }

  /** Retires `settled` at `refreshAt`; checks the clock when it fires (timers may fire early or be clamped). */
  #schedule(e: CacheEntry, settled: Promise<AccessToken>, delayMs: number): void {
    const timer = setTimeout(
      () => {
        if (e.settled !== settled) return;
        e.timer = undefined;
        const left = e.refreshAt - this.#now();
        if (left > 0) this.#schedule(e, settled, left);
        else this.#retire(e);
      },
      Math.min(Math.max(0, delayMs), MAX_TIMER_MS),
    );
    // A cached token must not keep the process alive.
    if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref();
    e.timer = timer;
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
