import { invalidInput } from '../errors.js';
import { resolveDelimiters, type Hl7Delimiters } from './delimiters.js';
import { encodeMessage } from './encode.js';
import { parseHl7Path } from './path.js';
import { Hl7Segment, type Hl7FieldValue } from './segment.js';

/**
 * A parsed or built HL7 v2 message. Paths use HL7 numbering: `PID-3[2].1.2`, `MSH-9.2`,
 * `OBX(2)-5` (2nd OBX). `get` unescapes, `set` escapes, `toString` encodes with CR.
 *
 * Value semantics of `get`: `undefined` when the segment or the position is absent, `''` when
 * present but empty **or the HL7 null `""`** (ask `isNull(path)` to tell them apart). Without
 * `[rep]` the first repetition is read or written.
 *
 * @example
 * ```ts
 * const msg: Hl7Message = parseHl7(text);
 * msg.get('PID-3[2].1');
 * msg.set('PID-8', null); // writes ""
 * ```
 */
export interface Hl7Message {
  readonly delimiters: Hl7Delimiters;
  /** The segments in order. Prefer `addSegment` over pushing into the array. */
  readonly segments: Hl7Segment[];
  /** One value, unescaped (see the interface notes). */
  get(path: string): string | undefined;
  /** Every match: each occurrence of the segment (unless one is named) × each repetition (unless one is named). */
  getAll(path: string): string[];
  /** Whether the value at the path is the HL7 null `""`. */
  isNull(path: string): boolean;
  /** Writes one value, escaped; null writes `""`. Appends the segment when it is the next occurrence. */
  set(path: string, value: string | null): void;
  /** The n-th (1-based, default 1) segment with that name. */
  segment(name: string, occurrence?: number): Hl7Segment | undefined;
  /** All segments with that name, in order. */
  segmentsNamed(name: string): Hl7Segment[];
  /** Appends a segment; each argument is a field (a string, null, or an array of components), escaped. */
  addSegment(name: string, ...fields: Hl7FieldValue[]): Hl7Segment;
  /** ER7 text, each segment ended by CR (or the given terminator). */
  toString(options?: { segmentTerminator?: string }): string;
  /** MSH-9.1^MSH-9.2, e.g. `ADR^A19` (just MSH-9.1 when there is no trigger event). */
  readonly type: string;
  /** MSH-10, or undefined when empty. */
  readonly controlId: string | undefined;
  /** MSH-12.1, or undefined when empty. */
  readonly version: string | undefined;
}

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;

class Message implements Hl7Message {
  readonly delimiters: Hl7Delimiters;
  readonly segments: Hl7Segment[];
  #source: string | undefined;
  #sourceSegments: Hl7Segment[] | undefined;

  constructor(delimiters: Hl7Delimiters, segments: Hl7Segment[], source?: string) {
    this.delimiters = delimiters;
    this.segments = segments;
    if (source !== undefined) {
      this.#source = source;
      this.#sourceSegments = [...segments];
    }
  }

  /** The parsed text, while no segment was changed, added, removed or replaced. */
  #pristineSource(): string | undefined {
    const src = this.#sourceSegments;
    if (this.#source === undefined || !src || src.length !== this.segments.length) return undefined;
    for (let i = 0; i < src.length; i++) {
      const seg = this.segments[i];
      if (seg !== src[i] || !seg?.isOriginal) return undefined;
    }
    return this.#source;
  }

  segment(name: string, occurrence = 1): Hl7Segment | undefined {
    let seen = 0;
    for (const seg of this.segments) {
      if (seg.name === name && ++seen === occurrence) return seg;
    }
    return undefined;
  }

  segmentsNamed(name: string): Hl7Segment[] {
    return this.segments.filter((s) => s.name === name);
  }

  get(path: string): string | undefined {
    const p = parseHl7Path(path);
    return this.segment(p.segment, p.occurrence ?? 1)?.getAt(p);
  }

  getAll(path: string): string[] {
    const p = parseHl7Path(path);
    if (p.occurrence !== undefined) return this.segment(p.segment, p.occurrence)?.getAllAt(p) ?? [];
    return this.segmentsNamed(p.segment).flatMap((s) => s.getAllAt(p));
  }

  isNull(path: string): boolean {
    const p = parseHl7Path(path);
    return this.segment(p.segment, p.occurrence ?? 1)?.rawAt(p) === '""';
  }

  set(path: string, value: string | null): void {
    const p = parseHl7Path(path);
    const occurrence = p.occurrence ?? 1;
    let seg = this.segment(p.segment, occurrence);
    if (!seg) {
      if (occurrence !== this.segmentsNamed(p.segment).length + 1) {
        throw invalidInput(
          'path',
          `${p.segment} occurrence ${occurrence} does not exist and is not the next one`,
        );
      }
      seg = this.addSegment(p.segment);
    }
    seg.setAt(p, value);
  }

  addSegment(name: string, ...fields: Hl7FieldValue[]): Hl7Segment {
    if (!SEGMENT_NAME.test(name)) {
      throw invalidInput('name', 'a segment name is three upper-case letters or digits');
    }
    if (name === 'MSH') {
      throw invalidInput('name', 'a message has exactly one MSH, created with it');
    }
    const seg = new Hl7Segment(name, this.delimiters);
    fields.forEach((value, i) => seg.setField(i + 1, value));
    this.segments.push(seg);
    return seg;
  }

  toString(options: { segmentTerminator?: string } = {}): string {
    const terminator = options.segmentTerminator ?? '\r';
    if (terminator === '\r') {
      const source = this.#pristineSource();
      if (source !== undefined) return source;
    }
    return encodeMessage(
      this.segments.map((s) => s.toString()),
      terminator,
    );
  }

  get type(): string {
    const code = this.get('MSH-9.1') ?? '';
    const event = this.get('MSH-9.2') ?? '';
    return event ? `${code}^${event}` : code;
  }

  get controlId(): string | undefined {
    return this.get('MSH-10') || undefined;
  }

  get version(): string | undefined {
    return this.get('MSH-12.1') || undefined;
  }
}

/** @internal Builds a message object from parsed segments. */
export function messageFromSegments(
  delimiters: Hl7Delimiters,
  segments: Hl7Segment[],
  source?: string,
): Hl7Message {
  return new Message(delimiters, segments, source);
}

/**
 * A new message holding only `MSH|^~\&` (or your delimiters); fill it with `set` and
 * `addSegment`.
 *
 * @param options - `delimiters`: any you want to differ from `|^~\&`
 * @returns the message
 * @throws Hl7Error `invalid_input` (inputField `delimiters`) for unusable or repeated delimiters
 * @example
 * ```ts
 * const msg = createHl7Message();
 * msg.set('MSH-9', 'ACK');
 * msg.addSegment('MSA', 'AA', 'MSG0001');
 * msg.toString(); // 'MSH|^~\\&|||||||ACK\rMSA|AA|MSG0001\r'
 * ```
 */
export function createHl7Message(
  options: { delimiters?: Partial<Hl7Delimiters> } = {},
): Hl7Message {
  const d = resolveDelimiters(options.delimiters);
  return new Message(d, [new Hl7Segment('MSH', d)]);
}
