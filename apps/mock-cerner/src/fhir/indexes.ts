/**
 * A key -> ids index that stays cheap at a million keys: a single id is stored as a bare string,
 * and only keys shared by several resources get an array. Insertion order is kept.
 *
 * @example
 * ```ts
 * const ix = new MultiIndex();
 * ix.add('urn:oid:1|42', '12724066');
 * ix.get('urn:oid:1|42'); // ['12724066']
 * ```
 */
export class MultiIndex {
  readonly #map = new Map<string, string | string[]>();

  /**
   * Adds `id` under `key` (no duplicates).
   *
   * @param key - the index key
   * @param id - a resource id
   */
  add(key: string, id: string): void {
    const cur = this.#map.get(key);
    if (cur === undefined) this.#map.set(key, id);
    else if (typeof cur === 'string') {
      if (cur !== id) this.#map.set(key, [cur, id]);
    } else if (!cur.includes(id)) cur.push(id);
  }

  /**
   * Removes `id` from `key`.
   *
   * @param key - the index key
   * @param id - a resource id
   */
  remove(key: string, id: string): void {
    const cur = this.#map.get(key);
    if (cur === undefined) return;
    if (typeof cur === 'string') {
      if (cur === id) this.#map.delete(key);
      return;
    }
    const at = cur.indexOf(id);
    if (at >= 0) cur.splice(at, 1);
    if (cur.length === 1) this.#map.set(key, cur[0]!);
    else if (cur.length === 0) this.#map.delete(key);
  }

  /**
   * The ids under `key`, in insertion order (a new array).
   *
   * @param key - the index key
   * @returns the ids, empty when none
   */
  get(key: string): string[] {
    const cur = this.#map.get(key);
    if (cur === undefined) return [];
    return typeof cur === 'string' ? [cur] : [...cur];
  }

  /**
   * Whether any id is stored under `key`.
   *
   * @param key - the index key
   * @returns true when at least one id is indexed
   */
  has(key: string): boolean {
    return this.#map.has(key);
  }

  /** Drops every key. */
  clear(): void {
    this.#map.clear();
  }

  /**
   * An independent copy (later changes to either do not show in the other).
   *
   * @returns the copy
   */
  clone(): MultiIndex {
    const copy = new MultiIndex();
    for (const [k, v] of this.#map) copy.#map.set(k, typeof v === 'string' ? v : [...v]);
    return copy;
  }
}

/** One entry of a {@link SortedIndex}: an id and the string it sorts by. */
export interface SortedEntry {
  id: string;
  sortKey: string;
}

/**
 * A key -> ids index whose lists stay sorted by a string key (ISO instants sort as strings), e.g.
 * encounters by patient ordered by `period.start`, oldest first. Ties keep insertion order.
 *
 * @example
 * ```ts
 * const ix = new SortedIndex();
 * ix.add('12724066', { id: '97954225', sortKey: '2020-06-11T09:30:00.000Z' });
 * ix.ids('12724066'); // ['97954225']
 * ```
 */
export class SortedIndex {
  readonly #map = new Map<string, SortedEntry[]>();

  /**
   * Inserts an entry at its sorted place (binary search; appends are the common case).
   *
   * @param key - the index key (a patient id)
   * @param entry - the id and its sort key
   */
  add(key: string, entry: SortedEntry): void {
    let list = this.#map.get(key);
    if (!list) {
      list = [];
      this.#map.set(key, list);
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.sortKey <= entry.sortKey) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, entry);
  }

  /**
   * Removes the entry with this id under `key`.
   *
   * @param key - the index key
   * @param id - the id to remove
   */
  remove(key: string, id: string): void {
    const list = this.#map.get(key);
    if (!list) return;
    const at = list.findIndex((e) => e.id === id);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.#map.delete(key);
  }

  /**
   * The ids under `key`, in sort order (a new array).
   *
   * @param key - the index key
   * @returns the ids, empty when none
   */
  ids(key: string): string[] {
    return (this.#map.get(key) ?? []).map((e) => e.id);
  }

  /** Drops every key. */
  clear(): void {
    this.#map.clear();
  }

  /**
   * An independent copy (entries are immutable and shared; the lists are copied).
   *
   * @returns the copy
   */
  clone(): SortedIndex {
    const copy = new SortedIndex();
    for (const [k, list] of this.#map) copy.#map.set(k, [...list]);
    return copy;
  }
}
