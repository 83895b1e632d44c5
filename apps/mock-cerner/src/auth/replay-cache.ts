/**
 * Remembers client-assertion ids (`iss` + `jti`) until their `exp` plus a leeway, so a replayed
 * assertion is refused (SMART Backend Services: a jti is single-use). Each client has its own
 * pool of at most `maxEntriesPerClient` ids: one client filling its pool is refused new
 * assertions (memory stays bounded) while every other client goes on. Expired entries of a
 * client are pruned every `pruneEvery` of its insertions and whenever its pool is full.
 *
 * Only assertions with a verified signature reach it, so the number of pools is bounded by the
 * registered clients.
 *
 * @example
 * ```ts
 * const replay = new ReplayCache(Date.now);
 * replay.remember('client', 'jti-1', exp); // true
 * replay.remember('client', 'jti-1', exp); // false: replayed
 * replay.remember('other-client', 'jti-1', exp); // true: another client's pool
 * ```
 */
export class ReplayCache {
  readonly #pools = new Map<string, { seen: Map<string, number>; sincePrune: number }>();
  readonly #now: () => number;
  readonly #leewayMs: number;
  readonly #maxEntries: number;

  /**
   * @param now - clock, epoch ms
   * @param leewayMs - kept beyond `exp` (the verifier's clock leeway)
   * @param maxEntriesPerClient - hard bound on remembered ids, per client
   */
  constructor(now: () => number, leewayMs = 30_000, maxEntriesPerClient = 100_000) {
    this.#now = now;
    this.#leewayMs = leewayMs;
    this.#maxEntries = maxEntriesPerClient;
  }

  /**
   * Records an assertion id.
   *
   * @param iss - the client id
   * @param jti - the assertion id
   * @param expSeconds - the assertion's `exp`
   * @returns false when it was already seen (and not yet expired), or this client's pool is full
   */
  remember(iss: string, jti: string, expSeconds: number): boolean {
    const now = this.#now();
    let pool = this.#pools.get(iss);
    if (pool === undefined) {
      pool = { seen: new Map(), sincePrune: 0 };
      this.#pools.set(iss, pool);
    }
    if (++pool.sincePrune >= 1000 || pool.seen.size >= this.#maxEntries) {
      this.#prunePool(pool, now);
    }
    const until = pool.seen.get(jti);
    if (until !== undefined && until > now) return false;
    if (pool.seen.size >= this.#maxEntries) return false;
    pool.seen.set(jti, expSeconds * 1000 + this.#leewayMs);
    return true;
  }

  /**
   * Drops expired entries (and empty pools).
   *
   * @param now - epoch ms (default: the clock)
   */
  prune(now = this.#now()): void {
    for (const [iss, pool] of this.#pools) {
      this.#prunePool(pool, now);
      if (pool.seen.size === 0) this.#pools.delete(iss);
    }
  }

  /** Number of remembered ids, all clients (for tests). */
  get size(): number {
    let n = 0;
    for (const pool of this.#pools.values()) n += pool.seen.size;
    return n;
  }

  /** Forgets everything. */
  clear(): void {
    this.#pools.clear();
  }

  #prunePool(pool: { seen: Map<string, number>; sincePrune: number }, now: number): void {
    pool.sincePrune = 0;
    for (const [jti, until] of pool.seen) if (until <= now) pool.seen.delete(jti);
  }
}
