import { invalidInput } from '../errors.js';
import { encodingCharacters, type Hl7Delimiters } from './delimiters.js';
import { escapeHl7, HL7_NULL, unescapeHl7 } from './escape.js';
import { parseFieldPath, type Hl7Path } from './path.js';
import { nthPiece, replacePiece } from './pieces.js';
import { Hl7Repetition } from './repetition.js';

/**
 * A value for {@link Hl7Segment.setField}-style builders: text, HL7 null, or components.
 *
 * @example
 * ```ts
 * seg.setField(3, ['7654321', '', '', 'NORTHWIND_MRN', 'MRN']);
 * ```
 */
export type Hl7FieldValue = string | null | undefined | readonly (string | null | undefined)[];

/**
 * One segment of a message. Fields are split from the original line on first access and kept as
 * escaped text; values are unescaped when read and escaped when written. Paths are relative to
 * the segment: `3[2].1.2` or a field number. MSH-1 is the field separator and MSH-2 the encoding
 * characters, both returned verbatim and read-only.
 *
 * @example
 * ```ts
 * const pid = parseHl7(text).segment('PID')!;
 * pid.get('5.1'); // family name
 * pid.set('5.2', 'MARY');
 * ```
 */
export class Hl7Segment {
  /** The three-character segment name, e.g. `PID`. */
  readonly name: string;
  /** The delimiters of the message the segment belongs to. */
  readonly delimiters: Hl7Delimiters;
  #line: string | undefined;
  #fields: string[] | undefined;
  #original: boolean;
  /** Repetitions split from a field, per field number; cleared on any write. */
  #reps: Map<number, Hl7Repetition[]> | undefined;

  /**
   * @internal Use {@link parseHl7}, {@link createHl7Message} or `message.addSegment` instead.
   * @param name - segment name
   * @param delimiters - the message's delimiters
   * @param line - the original ER7 line, or undefined for a new segment
   */
  constructor(name: string, delimiters: Hl7Delimiters, line?: string) {
    this.name = name;
    this.delimiters = delimiters;
    this.#line = line;
    this.#original = line !== undefined;
    if (line === undefined) {
      this.#fields =
        name === 'MSH' ? [name, delimiters.field, encodingCharacters(delimiters)] : [name];
    }
  }

  /** @internal True while a parsed segment is unchanged. */
  get isOriginal(): boolean {
    return this.#original;
  }

  #all(): string[] {
    if (this.#fields) return this.#fields;
    const fields = (this.#line ?? this.name).split(this.delimiters.field);
    if (this.name === 'MSH') fields.splice(1, 0, this.delimiters.field);
    this.#fields = fields;
    return fields;
  }

  #isLiteral(field: number): boolean {
    return this.name === 'MSH' && field <= 2;
  }

  /** The highest field number present (trailing empty fields included). */
  get fieldCount(): number {
    return this.#all().length - 1;
  }

  /**
   * The escaped ER7 text of one field, all repetitions included.
   *
   * @param field - HL7 field number (1-based)
   * @returns the raw text, or undefined when the segment is shorter
   * @example
   * ```ts
   * msg.segment('PID')!.getRaw(3); // '1234567^^^BAYSTATE_MRN^MRN~98765^^^CMRN^CMRN'
   * ```
   */
  getRaw(field: number): string | undefined {
    return field >= 1 ? this.#all()[field] : undefined;
  }

  /**
   * Replaces one field with already-escaped ER7 text (no escaping is done).
   *
   * @param field - HL7 field number (1-based; MSH-1 and MSH-2 are read-only)
   * @param raw - escaped text, may contain the message's delimiters
   * @throws Hl7Error `invalid_input` for MSH-1/MSH-2, a field below 1, or a raw value with CR/LF
   * @example
   * ```ts
   * seg.setRaw(3, '1234567^^^MRN^MRN~98765^^^CMRN^CMRN');
   * ```
   */
  setRaw(field: number, raw: string): void {
    if (!Number.isSafeInteger(field) || field < 1) {
      throw invalidInput('field', 'must be an integer >= 1');
    }
    if (this.#isLiteral(field)) {
      throw invalidInput('path', 'MSH-1 and MSH-2 (the delimiters) cannot be set');
    }
    if (/[\r\n]/.test(raw) || raw.includes(this.delimiters.field)) {
      throw invalidInput('raw', 'must not contain CR, LF or the field separator');
    }
    const fields = this.#all();
    while (fields.length <= field) fields.push('');
    fields[field] = raw;
    this.#line = undefined;
    this.#original = false;
    this.#reps = undefined;
  }

  /**
   * Reads one value, unescaped. Without `[rep]` the first repetition is read. Returns `''` for
   * an empty value and for the HL7 null `""` (use {@link Hl7Segment.isNull} to tell them apart),
   * and undefined when the position is not present in the segment.
   *
   * @param path - `field[[rep]][.component[.subcomponent]]` or a field number
   * @returns the plain text, `''`, or undefined
   * @throws Hl7Error `invalid_input` for a malformed path
   * @example
   * ```ts
   * pid.get('3[2].1'); // '98765'
   * ```
   */
  get(path: string | number): string | undefined {
    return this.getAt(parseFieldPath(path));
  }

  /**
   * Every value at a path, one per repetition (unless the path names one), unescaped; HL7 nulls
   * read as `''`, absent positions are skipped (an absent field gives `[]`, an empty one `['']`).
   *
   * @param path - `field[.component[.subcomponent]]`
   * @returns the values in order
   * @example
   * ```ts
   * pid.getAll('3.1'); // ['1234567', '98765', ...]
   * ```
   */
  getAll(path: string | number): string[] {
    return this.getAllAt(parseFieldPath(path));
  }

  /**
   * Whether the value at a path is the HL7 null `""` ("delete the existing value").
   *
   * @param path - as for {@link Hl7Segment.get}
   * @returns true for `""`
   * @example
   * ```ts
   * seg.isNull('11[1].2');
   * ```
   */
  isNull(path: string | number): boolean {
    return this.rawAt(parseFieldPath(path)) === HL7_NULL;
  }

  /**
   * Writes one value, escaped; `null` writes the HL7 null `""`. Without `[rep]` the first
   * repetition is written (other repetitions are kept). Missing fields, repetitions and
   * components are added as empty ones.
   *
   * @param path - `field[[rep]][.component[.subcomponent]]` or a field number
   * @param value - plain text, or null for `""`
   * @throws Hl7Error `invalid_input` for a malformed path or MSH-1/MSH-2
   * @example
   * ```ts
   * pid.set('5.1', "O'BRIEN^SMITH"); // stored as O'BRIEN\S\SMITH
   * ```
   */
  set(path: string | number, value: string | null): void {
    this.setAt(parseFieldPath(path), value);
  }

  /**
   * The repetitions of one field, each a reader of its components. The field is split once and
   * the result kept until the segment changes, so reading every repetition is linear in the
   * field's length (prefer this to reading `get('3[2].1')`, `get('3[3].1')` … in a loop). MSH-1 and MSH-2 give one
   * repetition holding the delimiters verbatim.
   *
   * @param field - HL7 field number (1-based)
   * @returns the repetitions in order; `[]` when the field is absent, one empty repetition when
   *   it is present but empty
   * @example
   * ```ts
   * const ids = pid.repetitions(3).map((cx) => [cx.get(1), cx.get(5)]);
   * ```
   */
  repetitions(field: number): readonly Hl7Repetition[] {
    const cached = this.#reps?.get(field);
    if (cached) return cached;
    const raw = this.getRaw(field);
    if (raw === undefined) return [];
    const d = this.delimiters;
    const reps = this.#isLiteral(field)
      ? [new Hl7Repetition(raw, d)]
      : raw.split(d.repetition).map((r) => new Hl7Repetition(r, d));
    this.#reps ??= new Map();
    this.#reps.set(field, reps);
    return reps;
  }

  /** @internal The escaped text at a parsed path. */
  rawAt(p: Hl7Path): string | undefined {
    const raw = this.getRaw(p.field);
    if (raw === undefined || this.#isLiteral(p.field)) return raw;
    const d = this.delimiters;
    const r = p.repetition ?? 1;
    // Repetitions past the first come from the cached split: a loop over `3[1]`, `3[2]`, …
    // stays linear instead of rescanning the field from its start for each one.
    let v = r === 1 ? nthPiece(raw, d.repetition, 1) : this.repetitions(p.field)[r - 1]?.raw;
    if (v === undefined || p.component === undefined) return v;
    v = nthPiece(v, d.component, p.component);
    if (v === undefined || p.subcomponent === undefined) return v;
    return nthPiece(v, d.subcomponent, p.subcomponent);
  }

  /** @internal {@link Hl7Segment.get} with a parsed path. */
  getAt(p: Hl7Path): string | undefined {
    const v = this.rawAt(p);
    if (v === undefined || this.#isLiteral(p.field)) return v;
    return v === HL7_NULL ? '' : unescapeHl7(v, this.delimiters);
  }

  /** @internal {@link Hl7Segment.getAll} with a parsed path. */
  getAllAt(p: Hl7Path): string[] {
    if (p.repetition !== undefined || this.#isLiteral(p.field)) {
      const one = this.getAt(p);
      return one === undefined ? [] : [one];
    }
    const raw = this.getRaw(p.field);
    if (raw === undefined) return [];
    const d = this.delimiters;
    const out: string[] = [];
    for (const { raw: rep } of this.repetitions(p.field)) {
      let v: string | undefined = rep;
      if (p.component !== undefined) v = nthPiece(v, d.component, p.component);
      if (v !== undefined && p.subcomponent !== undefined) {
        v = nthPiece(v, d.subcomponent, p.subcomponent);
      }
      if (v !== undefined) out.push(v === HL7_NULL ? '' : unescapeHl7(v, d));
    }
    return out;
  }

  /** @internal {@link Hl7Segment.set} with a parsed path. */
  setAt(p: Hl7Path, value: string | null): void {
    if (this.#isLiteral(p.field)) {
      throw invalidInput('path', 'MSH-1 and MSH-2 (the delimiters) cannot be set');
    }
    if (value !== null && typeof value !== 'string') {
      throw invalidInput('value', 'must be a string or null');
    }
    const d = this.delimiters;
    const encoded = value === null ? HL7_NULL : escapeHl7(value, d);
    const fields = this.#all();
    while (fields.length <= p.field) fields.push('');
    const { component, subcomponent } = p;
    fields[p.field] = replacePiece(fields[p.field] ?? '', d.repetition, p.repetition ?? 1, (rep) =>
      component === undefined
        ? encoded
        : replacePiece(rep, d.component, component, (comp) =>
            subcomponent === undefined
              ? encoded
              : replacePiece(comp, d.subcomponent, subcomponent, () => encoded),
          ),
    );
    this.#line = undefined;
    this.#original = false;
    this.#reps = undefined;
  }

  /**
   * Sets a whole field from plain values: a string (escaped), null (`""`), or an array of
   * components (each escaped; trailing empty components are dropped).
   *
   * @param field - HL7 field number
   * @param value - the value or components
   * @throws Hl7Error `invalid_input` for MSH-1/MSH-2
   * @example
   * ```ts
   * seg.setField(4, ['11506-3', 'Progress note', 'LN']);
   * ```
   */
  setField(field: number, value: Hl7FieldValue): void {
    const d = this.delimiters;
    const enc = (v: string | null | undefined): string =>
      v === null ? HL7_NULL : v === undefined ? '' : escapeHl7(v, d);
    if (typeof value === 'string' || value == null) {
      this.setRaw(field, enc(value));
      return;
    }
    const parts = value.map(enc);
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    this.setRaw(field, parts.join(d.component));
  }

  /**
   * The segment as ER7 text (no terminator). An unmodified parsed segment returns its original
   * line.
   *
   * @returns e.g. `PID|1||1234567^^^MRN^MR`
   * @example
   * ```ts
   * seg.toString();
   * ```
   */
  toString(): string {
    if (this.#line !== undefined) return this.#line;
    const fields = this.#all();
    const f = this.delimiters.field;
    const line = this.name === 'MSH' ? 'MSH' + f + fields.slice(2).join(f) : fields.join(f);
    this.#line = line;
    return line;
  }
}
