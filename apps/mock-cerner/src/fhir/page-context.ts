/**
 * Opaque `-pageContext` tokens. Each holds the snapshot of ids the first page saw and the offset,
 * so later pages are stable while the store changes (Cerner's tokens are opaque UUIDs or blobs).
 */
export class PageContexts {
  readonly #pages = new Map<string, { ids: string[]; until: number }>();
  readonly #now: () => number;
  static readonly TTL_MS = 30 * 60_000;

  constructor(now: () => number) {
    this.#now = now;
  }

  save(ids: string[]): string {
    if (this.#pages.size > 1000) {
      const now = this.#now();
      for (const [k, v] of this.#pages) if (v.until < now) this.#pages.delete(k);
    }
    const key = crypto.randomUUID();
    this.#pages.set(key, { ids, until: this.#now() + PageContexts.TTL_MS });
    return key;
  }

  load(key: string): string[] | undefined {
    const hit = this.#pages.get(key);
    if (!hit || hit.until < this.#now()) return undefined;
    return hit.ids;
  }

  clear(): void {
    this.#pages.clear();
  }
}
