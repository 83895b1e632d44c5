import type { MllpEncoding } from './frame.js';

/**
 * How a frame's bytes were read, given to the server's `onMessage` (third argument).
 *
 * @example
 * ```ts
 * onMessage: (text, ctx, frame) => frame.undecodable ? nakFor(text) : handle(text)
 * ```
 */
export interface MllpFrameInfo {
  /** Payload size in bytes. */
  bytes: number;
  /** MSH-18 as sent (first repetition, trimmed); `''` when empty. */
  msh18: string;
  /** The encoding the text was decoded with. */
  charset: MllpEncoding;
  /**
   * Set when the bytes could not be read as MSH-18 declares: `invalid_bytes` (not valid UTF-8
   * for a UTF-8 or ASCII message), `unsupported_charset` (a character set other than ASCII,
   * `8859/1` or `UNICODE UTF-8`). The text is then the bytes read as ISO-8859-1, one character
   * per byte, so headers stay readable but the content must not be trusted.
   */
  undecodable?: 'invalid_bytes' | 'unsupported_charset';
}

const UTF8 = new Set(['UNICODE UTF-8', 'UTF-8', 'UTF8', 'UNICODE UTF8']);

/**
 * The wire encoding for an MSH-18 value (table 0211): `8859/1` → latin1, `UNICODE UTF-8` →
 * utf8, empty or `ASCII` → `fallback`; undefined for any other character set.
 *
 * @param msh18 - MSH-18 (first repetition)
 * @param fallback - the encoding for an empty MSH-18 or ASCII
 * @returns the encoding, or undefined when not supported
 * @example
 * ```ts
 * encodingForMsh18('8859/1', 'utf8'); // 'latin1'
 * ```
 */
export function encodingForMsh18(msh18: string, fallback: MllpEncoding): MllpEncoding | undefined {
  const v = msh18.trim().toUpperCase();
  if (v === '' || v === 'ASCII') return fallback;
  if (v === '8859/1' || v === 'ISO-8859-1' || v === 'ISO IR100') return 'latin1';
  if (UTF8.has(v)) return 'utf8';
  return undefined;
}

/**
 * MSH-18 (first repetition, trimmed) of ER7 text, read with the delimiters of MSH-1/MSH-2; `''`
 * when absent. Only the first segment is looked at.
 *
 * @param text - ER7 text (or bytes read as latin1) starting with MSH
 * @returns MSH-18 as sent
 * @example
 * ```ts
 * readMsh18('MSH|^~\\&|A|B|C|D|20250101||ACK|1|P|2.3||||||8859/1\r'); // '8859/1'
 * ```
 */
export function readMsh18(text: string): string {
  const start = text.indexOf('MSH');
  if (start < 0 || start > 8) return '';
  let end = text.length;
  for (const c of ['\r', '\n']) {
    const at = text.indexOf(c, start);
    if (at >= 0 && at < end) end = at;
  }
  const line = text.slice(start, end);
  const field = line.charAt(3);
  if (!field) return '';
  const value = line.split(field)[17] ?? '';
  const rep = line.charAt(5);
  return (rep ? value.split(rep)[0]! : value).trim();
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * @internal Decodes one frame by its MSH-18: strictly (invalid UTF-8 is reported, never turned
 * into replacement characters).
 */
export function decodeByMsh18(
  payload: Buffer,
  fallback: MllpEncoding,
): { text: string; info: MllpFrameInfo } {
  // MSH is ASCII: read the header bytes one character per byte
  const headEnd = payload.indexOf(0x0d);
  const head = payload.subarray(0, headEnd < 0 ? Math.min(payload.length, 4096) : headEnd);
  const msh18 = readMsh18(head.toString('latin1'));
  const charset = encodingForMsh18(msh18, fallback);
  const base = { bytes: payload.length, msh18 };
  if (charset === undefined) {
    return {
      text: payload.toString('latin1'),
      info: { ...base, charset: 'latin1', undecodable: 'unsupported_charset' },
    };
  }
  if (charset === 'latin1') return { text: payload.toString('latin1'), info: { ...base, charset } };
  try {
    return { text: strictUtf8.decode(payload), info: { ...base, charset } };
  } catch {
    return {
      text: payload.toString('latin1'),
      info: { ...base, charset: 'latin1', undecodable: 'invalid_bytes' },
    };
  }
}
