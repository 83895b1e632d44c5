/**
 * Remembers assertion ids (`iss` + `jti`) until their `exp` plus leeway, so a replayed client
 * assertion is refused (SMART Backend Services: jti is one-time use).
 */
export class ReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;
  readonly #leewayMs: number;

  constructor(now: () => number, leewayMs = 60_000) {
    this.#now = now;
    this.#leewayMs = leewayMs;
  }

  /** Records the id; false when it was already seen and has not expired. */
  remember(iss: string, jti: string, expSeconds: number): boolean {
    const now = this.#now();
    if (this.#seen.size > 10_000) this.prune(now);
    const key = `${iss}\u0000${jti}`;
    const until = this.#seen.get(key);
    if (until !== undefined && until > now) return false;
    this.#seen.set(key, expSeconds * 1000 + this.#leewayMs);
    return true;
  }

  prune(now = this.#now()): void {
    for (const [k, until] of this.#seen) if (until <= now) this.#seen.delete(k);
  }

  clear(): void {
    this.#seen.clear();
  }
}
