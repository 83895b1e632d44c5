import { DEFAULT_MRN_SYSTEM } from '@cerner-kit/core';
/** First id the mock hands out; every seeded id is below it, so created ids never collide. */
export const FIRST_ALLOCATED_ID = 200_000_001;

/** First MRN the mock assigns to a created patient (Millennium assigns MRNs, not the client). */
export const FIRST_ALLOCATED_MRN = 800_001;

/**
 * A numeric id counter, as Cerner's ids are numeric strings. Ids seen on loaded resources push the
 * counter past them, so a created resource never reuses a loaded id.
 *
 * @example
 * ```ts
 * const ids = new NumericIdCounter(200_000_001);
 * ids.next(); // '200000001'
 * ```
 */
export class NumericIdCounter {
  readonly #start: number;
  #next: number;

  /**
   * @param start - the first value `next()` returns
   */
  constructor(start: number) {
    this.#start = start;
    this.#next = start;
  }

  /**
   * The next id.
   *
   * @returns a numeric string
   */
  next(): string {
    const id = String(this.#next);
    this.#next += 1;
    return id;
  }

  /**
   * Notes an id given from outside (seed, admin load): numeric ids at or above the counter move it.
   *
   * @param id - a resource id
   */
  observe(id: string): void {
    if (id.length > 15 || id.length === 0) return;
    const n = Number(id);
    if (Number.isSafeInteger(n) && n >= this.#next && String(n) === id) this.#next = n + 1;
  }

  /** Back to the start value. */
  reset(): void {
    this.#next = this.#start;
  }

  /** The value `next()` returns next (for snapshots). */
  get peek(): number {
    return this.#next;
  }

  /**
   * Moves the counter (a snapshot being restored).
   *
   * @param next - the value `next()` returns next
   */
  restart(next: number): void {
    this.#next = next;
  }
}

/** The MRN system of Cerner's public sandbox tenant (live: `urn:oid:2.16.840.1.113883.6.1000`). */
export const SANDBOX_MRN_SYSTEM = DEFAULT_MRN_SYSTEM;
