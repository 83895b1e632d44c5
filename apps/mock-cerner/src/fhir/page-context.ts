/**
 * Opaque `-pageContext` tokens, like Cerner's: base64url of `{k, o}` where `k` is the key of a
 * saved id snapshot (kept with a TTL) and `o` the page offset. Later pages read the snapshot the
 * first page saw, so they are stable while the store changes; an unknown or expired token is a 400.
 *
 * @example
 * ```ts
 * const contexts = new PageContexts(Date.now);
 * const token = contexts.token(contexts.save(ids), 10);
 * contexts.resolve(token); // { key, ids, offset: 10 }
 * ```
 */
export class PageContexts {
  readonly #pages = new Map<string, { ids: string[]; until: number }>();
  readonly #now: () => number;
  readonly #ttlMs: number;
  /** Default lifetime of a saved snapshot. */
  static readonly TTL_MS = 30 * 60_000;
  /** At most this many snapshots are kept; the oldest go first. */
  static readonly MAX_SNAPSHOTS = 1000;

  /**
   * @param now - clock, epoch ms
   * @param ttlMs - snapshot lifetime
   */
  constructor(now: () => number, ttlMs = PageContexts.TTL_MS) {
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  /**
   * Saves an id snapshot.
   *
   * @param ids - the ordered ids of the whole result
   * @returns the snapshot key
   */
  save(ids: string[]): string {
    const now = this.#now();
    for (const [k, v] of this.#pages) if (v.until < now) this.#pages.delete(k);
    while (this.#pages.size >= PageContexts.MAX_SNAPSHOTS) {
      this.#pages.delete(this.#pages.keys().next().value!);
    }
    const key = crypto.randomUUID();
    this.#pages.set(key, { ids, until: now + this.#ttlMs });
    return key;
  }

  /**
   * The opaque token for a page of a snapshot.
   *
   * @param key - the snapshot key
   * @param offset - where the page starts
   * @returns a base64url token
   */
  token(key: string, offset: number): string {
    return Buffer.from(JSON.stringify({ k: key, o: offset })).toString('base64url');
  }

  /**
   * Reads a token back.
   *
   * @param token - the `-pageContext` value
   * @returns the snapshot and offset, or undefined when the token is malformed, unknown or expired
   */
  resolve(token: string): { key: string; ids: string[]; offset: number } | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { k, o } = parsed as { k?: unknown; o?: unknown };
    if (typeof k !== 'string' || typeof o !== 'number' || !Number.isInteger(o) || o < 0) {
      return undefined;
    }
    const hit = this.#pages.get(k);
    if (!hit || hit.until < this.#now() || o > hit.ids.length) return undefined;
    return { key: k, ids: hit.ids, offset: o };
  }

  /** Forgets every snapshot. */
  clear(): void {
    this.#pages.clear();
  }
}
