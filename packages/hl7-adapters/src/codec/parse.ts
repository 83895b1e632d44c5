import { Hl7ParseError } from '../errors.js';
import {
  DEFAULT_DELIMITERS,
  delimiterProblem,
  isUsableDelimiter,
  type Hl7Delimiters,
} from './delimiters.js';
import { messageFromSegments, type Hl7Message } from './message.js';
import { nthPiece } from './pieces.js';
import { Hl7Segment } from './segment.js';

/**
 * Options of {@link parseHl7}.
 *
 * @example
 * ```ts
 * parseHl7(text, { maxLength: 5_000_000 });
 * ```
 */
export interface ParseHl7Options {
  /** Refuse texts longer than this many characters (default: no limit). */
  maxLength?: number;
  /**
   * Refuse a message in which one field holds more repetitions than this (default
   * {@link DEFAULT_MAX_REPETITIONS}); `Infinity` turns the check off.
   */
  maxRepetitions?: number;
}

/**
 * Default of `maxRepetitions`: 10,000 repetitions in one field. Far above what real senders
 * put in a field (a few dozen PID-3 identifiers, a few thousand OBX-5 text lines), low enough
 * that a hostile message cannot make a reader build millions of objects from one field.
 *
 * @example
 * ```ts
 * parseHl7(text, { maxRepetitions: DEFAULT_MAX_REPETITIONS / 10 });
 * ```
 */
export const DEFAULT_MAX_REPETITIONS = 10_000;

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;

function versionAtLeast27(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  return m !== null && (Number(m[1]) > 2 || (Number(m[1]) === 2 && Number(m[2]) >= 7));
}

/**
 * Splits on CR, LF or CRLF with indexOf (a regex split of a 1 MB segment is slow), dropping
 * blank lines. `canonical` says the text is exactly the segments each followed by one CR, so an
 * unmodified message can re-encode as the original string.
 */
function splitLines(text: string, start: number): { lines: string[]; canonical: boolean } {
  const lines: string[] = [];
  let canonical = start === 0;
  const n = text.length;
  let cr = text.indexOf('\r', start);
  let lf = text.indexOf('\n', start);
  let pos = start;
  while (pos < n) {
    if (cr >= 0 && cr < pos) cr = text.indexOf('\r', pos);
    if (lf >= 0 && lf < pos) lf = text.indexOf('\n', pos);
    const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
    const line = end < 0 ? text.slice(pos) : text.slice(pos, end);
    if (line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === '')) canonical = false;
    else lines.push(line);
    if (end < 0) {
      canonical = false; // no CR after the last segment
      break;
    }
    if (end === lf) canonical = false;
    pos = end + 1;
    if (end === cr && text.charCodeAt(pos) === 0x0a) {
      canonical = false;
      pos++;
    }
  }
  return { lines, canonical };
}

/**
 * Reads the delimiters from MSH-1 and MSH-2. Tolerant: MSH-2 shorter than 4 characters takes the
 * defaults for the missing ones; characters after the 4th are kept verbatim in MSH-2 and only a
 * 5th character that is `#` (or any 5th in a v2.7+ message) is taken as the truncation character.
 */
function readDelimiters(mshLine: string): Hl7Delimiters {
  const field = mshLine.charAt(3);
  if (!isUsableDelimiter(field)) {
    throw new Hl7ParseError('MSH-1 (field separator) is missing or unusable', {
      segment: 1,
      field: 1,
    });
  }
  const end = mshLine.indexOf(field, 4);
  const enc = mshLine.slice(4, end < 0 ? mshLine.length : end);
  if (enc.length === 0) {
    throw new Hl7ParseError('MSH-2 (encoding characters) is empty', { segment: 1, field: 2 });
  }
  const d: Hl7Delimiters = {
    field,
    component: enc.charAt(0),
    repetition: enc.charAt(1) || DEFAULT_DELIMITERS.repetition,
    escape: enc.charAt(2) || DEFAULT_DELIMITERS.escape,
    subcomponent: enc.charAt(3) || DEFAULT_DELIMITERS.subcomponent,
  };
  if (enc.length === 5) {
    const t = enc.charAt(4);
    const version = nthPiece(mshLine, field, 12);
    if (t === '#' || versionAtLeast27(version)) d.truncation = t;
  }
  if (delimiterProblem(d) !== undefined) {
    throw new Hl7ParseError('MSH-2 (encoding characters) holds unusable or repeated characters', {
      segment: 1,
      field: 2,
    });
  }
  return d;
}

/** Counts `sep` in `text` from `from` to `to`, stopping once the count passes `limit`. */
function countUpTo(text: string, sep: string, from: number, to: number, limit: number): number {
  let count = 0;
  let at = text.indexOf(sep, from);
  while (at >= 0 && at < to) {
    if (++count > limit) return count;
    at = text.indexOf(sep, at + 1);
  }
  return count;
}

/**
 * Refuses a line in which one field has more than `max` repetitions. One scan of the line
 * counts the repetition characters; only a line with more than `max` of them in all is looked
 * at field by field. Linear in the line's length either way.
 */
function checkRepetitions(line: string, segment: number, d: Hl7Delimiters, max: number): void {
  if (max === Infinity || countUpTo(line, d.repetition, 0, line.length, max) < max) return;
  const isMsh = line.startsWith('MSH');
  let start = 0;
  let field = isMsh ? 1 : 0; // MSH-1 is the separator itself: the text after it is MSH-2
  while (start <= line.length) {
    let end = line.indexOf(d.field, start);
    if (end < 0) end = line.length;
    // MSH-2 holds the repetition character itself, never as a separator
    if (!(isMsh && field === 2) && countUpTo(line, d.repetition, start, end, max) + 1 > max) {
      throw new Hl7ParseError(`a field has more than maxRepetitions (${max}) repetitions`, {
        segment,
        field,
        limit: 'maxRepetitions',
      });
    }
    start = end + 1;
    field++;
  }
}

/**
 * Parses ER7 text into a message. Segments may end with CR, LF or CRLF; blank lines and a
 * leading byte-order mark or whitespace are skipped. Delimiters come from MSH-1/MSH-2, so
 * non-standard ones (`^~\}`) work. Fields are split lazily, on first access, and an unmodified
 * segment re-encodes to its original text.
 *
 * @param text - the message text (no MLLP framing)
 * @param options - `maxLength` to refuse oversized input, `maxRepetitions` to refuse a field with
 *   too many repetitions (default {@link DEFAULT_MAX_REPETITIONS})
 * @returns the message
 * @throws Hl7ParseError (and nothing else) when there is no MSH first, the delimiters are
 *   unusable, a line does not start with a segment name, or the text is past a limit (`limit`
 *   says which: `maxLength`, `maxRepetitions`)
 * @example
 * ```ts
 * const msg = parseHl7('MSH|^~\\&|HNAM|BAYSTATE|||20240315||ADR^A19|Q1|P|2.3\rPID|1||123^^^^MRN||DOE^JANE\r');
 * msg.type; // 'ADR^A19'
 * msg.get('PID-5.2'); // 'JANE'
 * ```
 */
export function parseHl7(text: string, options: ParseHl7Options = {}): Hl7Message {
  if (typeof text !== 'string') throw new Hl7ParseError('the message must be a string');
  const max = options.maxLength;
  if (max !== undefined && text.length > max) {
    throw new Hl7ParseError(`the message is longer than maxLength (${max} characters)`, {
      limit: 'maxLength',
    });
  }
  const maxRepetitions = options.maxRepetitions ?? DEFAULT_MAX_REPETITIONS;
  if (typeof maxRepetitions !== 'number' || !(maxRepetitions >= 1)) {
    throw new Hl7ParseError('maxRepetitions must be a number >= 1');
  }
  let start = 0;
  while (start < text.length) {
    const c = text.charCodeAt(start);
    if (c !== 0xfeff && c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) break;
    start++;
  }
  if (!text.startsWith('MSH', start)) {
    throw new Hl7ParseError('the message does not start with an MSH segment', { segment: 1 });
  }
  const { lines, canonical } = splitLines(text, start);
  const delimiters = readDelimiters(lines[0] ?? '');
  const segments: Hl7Segment[] = [];
  for (const line of lines) {
    const position = segments.length + 1;
    const name = line.slice(0, 3);
    if (!SEGMENT_NAME.test(name) || (line.length > 3 && line.charAt(3) !== delimiters.field)) {
      throw new Hl7ParseError(
        `segment ${position} does not start with a segment name followed by the field separator`,
        { segment: position },
      );
    }
    if (name === 'MSH' && position > 1) {
      throw new Hl7ParseError(
        'a second MSH segment (batches are not supported; split them first)',
        {
          segment: position,
        },
      );
    }
    checkRepetitions(line, position, delimiters, maxRepetitions);
    segments.push(new Hl7Segment(name, delimiters, line));
  }
  return messageFromSegments(delimiters, segments, canonical ? text : undefined);
}
