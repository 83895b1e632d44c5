/**
 * Remembers client-assertion ids (`iss` + `jti`) until their `exp` plus a leeway, so a replayed
 * assertion is refused (SMART Backend Services: a jti is single-use). Expired entries are pruned
 * every `pruneEvery` insertions and whenever the cache reaches `maxEntries`; when it is still full
 * after pruning, new assertions are refused (memory stays bounded).
 *
 * @example
 * ```ts
 * const replay = new ReplayCache(Date.now);
 * replay.remember('client', 'jti-1', exp); // true
 * replay.remember('client', 'jti-1', exp); // false: replayed
 * ```
 */
export class ReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;
  readonly #leewayMs: number;
  readonly #maxEntries: number;
  #sincePrune = 0;

  /**
   * @param now - clock, epoch ms
   * @param leewayMs - kept beyond `exp` (the verifier's clock leeway)
   * @param maxEntries - hard bound on remembered ids
   */
  constructor(now: () => number, leewayMs = 30_000, maxEntries = 100_000) {
    this.#now = now;
    this.#leewayMs = leewayMs;
    this.#maxEntries = maxEntries;
  }

  /**
   * Records an assertion id.
   *
   * @param iss - the client id
   * @param jti - the assertion id
   * @param expSeconds - the assertion's `exp`
   * @returns false when it was already seen (and not yet expired), or the cache is full
   */
  remember(iss: string, jti: string, expSeconds: number): boolean {
    const now = this.#now();
    if (++this.#sincePrune >= 1000 || this.#seen.size >= this.#maxEntries) this.prune(now);
    const key = `${iss}\u0000${jti}`;
    const until = this.#seen.get(key);
    if (until !== undefined && until > now) return false;
    if (this.#seen.size >= this.#maxEntries) return false;
    this.#seen.set(key, expSeconds * 1000 + this.#leewayMs);
    return true;
  }

  /**
   * Drops expired entries.
   *
   * @param now - epoch ms (default: the clock)
   */
  prune(now = this.#now()): void {
    this.#sincePrune = 0;
    for (const [k, until] of this.#seen) if (until <= now) this.#seen.delete(k);
  }

  /** Number of remembered ids (for tests). */
  get size(): number {
    return this.#seen.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.#seen.clear();
  }
}
