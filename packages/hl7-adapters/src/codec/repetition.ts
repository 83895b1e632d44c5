import type { Hl7Delimiters } from './delimiters.js';
import { HL7_NULL, unescapeHl7 } from './escape.js';
import { nthPiece } from './pieces.js';

/**
 * One repetition of a field, read-only: its components are split once, on first access, so
 * reading every component of every repetition costs time linear in the field's length (reading
 * `PID-3[r].c` by path for each `r` would scan the field from its start every time).
 *
 * @example
 * ```ts
 * for (const cx of parseHl7(adr).segment('PID')!.repetitions(3)) {
 *   console.log(cx.get(1), cx.get(4, 1), cx.get(5)); // id, assigning authority, type
 * }
 * ```
 */
export class Hl7Repetition {
  /** The escaped ER7 text of the repetition. */
  readonly raw: string;
  /** The delimiters of the message it belongs to. */
  readonly delimiters: Hl7Delimiters;
  #components: string[] | undefined;

  /**
   * @internal Use {@link Hl7Segment.repetitions} instead.
   * @param raw - the escaped text of one repetition
   * @param delimiters - the message's delimiters
   */
  constructor(raw: string, delimiters: Hl7Delimiters) {
    this.raw = raw;
    this.delimiters = delimiters;
  }

  /** The escaped text of one component (1-based), or undefined when there are fewer. */
  #component(component: number): string | undefined {
    this.#components ??= this.raw.split(this.delimiters.component);
    return this.#components[component - 1];
  }

  /**
   * The escaped text at a component (and subcomponent), without unescaping.
   *
   * @param component - 1-based component; omitted: the whole repetition
   * @param subcomponent - 1-based subcomponent
   * @returns the raw text, or undefined when absent
   * @example
   * ```ts
   * rep.rawAt(4, 2); // '2.16.840.1.113883.3.9999'
   * ```
   */
  rawAt(component?: number, subcomponent?: number): string | undefined {
    if (component === undefined) return this.raw;
    const c = this.#component(component);
    if (c === undefined || subcomponent === undefined) return c;
    return nthPiece(c, this.delimiters.subcomponent, subcomponent);
  }

  /**
   * One value, unescaped: `''` for an empty value and for the HL7 null `""`, undefined when the
   * position is absent.
   *
   * @param component - 1-based component; omitted: the whole repetition
   * @param subcomponent - 1-based subcomponent
   * @returns the plain text, `''`, or undefined
   * @example
   * ```ts
   * rep.get(5); // 'MRN'
   * ```
   */
  get(component?: number, subcomponent?: number): string | undefined {
    const v = this.rawAt(component, subcomponent);
    if (v === undefined) return undefined;
    return v === HL7_NULL ? '' : unescapeHl7(v, this.delimiters);
  }

  /**
   * Like {@link Hl7Repetition.get} but `''` for an absent position too.
   *
   * @param component - 1-based component
   * @param subcomponent - 1-based subcomponent
   * @returns the plain text or `''`
   * @example
   * ```ts
   * rep.text(7); // '' when XPN.7 is not sent
   * ```
   */
  text(component?: number, subcomponent?: number): string {
    return this.get(component, subcomponent) ?? '';
  }

  /**
   * Whether the value at the position is the HL7 null `""`.
   *
   * @param component - 1-based component; omitted: the whole repetition
   * @param subcomponent - 1-based subcomponent
   * @returns true for `""`
   * @example
   * ```ts
   * rep.isNull(2);
   * ```
   */
  isNull(component?: number, subcomponent?: number): boolean {
    return this.rawAt(component, subcomponent) === HL7_NULL;
  }
}
