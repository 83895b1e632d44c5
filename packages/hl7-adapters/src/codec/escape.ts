import { DEFAULT_DELIMITERS, type Hl7Delimiters } from './delimiters.js';

/**
 * The HL7 null value: two double quotes, meaning "delete the existing value".
 *
 * @example
 * ```ts
 * msg.segment('PID')?.getRaw(8) === HL7_NULL;
 * ```
 */
export const HL7_NULL = '""';

interface EscapeTable {
  test: RegExp;
  replace: RegExp;
  map: Map<string, string>;
}

const tables = new Map<string, EscapeTable>();

function regexClass(chars: string[]): string {
  return chars.map((c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
}

function escapeTable(d: Hl7Delimiters): EscapeTable {
  const key =
    d.field + d.component + d.repetition + d.escape + d.subcomponent + (d.truncation ?? '');
  let table = tables.get(key);
  if (table) return table;
  const map = new Map<string, string>([
    [d.escape, `${d.escape}E${d.escape}`],
    [d.field, `${d.escape}F${d.escape}`],
    [d.component, `${d.escape}S${d.escape}`],
    [d.subcomponent, `${d.escape}T${d.escape}`],
    [d.repetition, `${d.escape}R${d.escape}`],
    // Segment ends and MLLP framing bytes must never appear raw inside a value.
    ['\r', `${d.escape}X0D${d.escape}`],
    ['\n', `${d.escape}X0A${d.escape}`],
    ['\u000b', `${d.escape}X0B${d.escape}`],
    ['\u001c', `${d.escape}X1C${d.escape}`],
  ]);
  if (d.truncation !== undefined) map.set(d.truncation, `${d.escape}P${d.escape}`);
  const cls = regexClass([...map.keys()]);
  table = { test: new RegExp(`[${cls}]`), replace: new RegExp(`[${cls}]`, 'g'), map };
  if (tables.size > 64) tables.clear();
  tables.set(key, table);
  return table;
}

/**
 * Escapes a value for one ER7 position: the escape character first, then the field, component,
 * subcomponent, repetition (and truncation) characters; CR, LF and the MLLP framing bytes
 * (0x0B, 0x1C) become `\X0D\`-style hex. A value of exactly `""` is written `\X22\"` so it is not
 * read back as the HL7 null. Any string survives `escapeHl7` then {@link unescapeHl7} unchanged.
 *
 * @param value - plain text
 * @param d - the message's delimiters (default `|^~\&`)
 * @returns the escaped text
 * @example
 * ```ts
 * escapeHl7('BP 120/80 | HR 72 & stable'); // 'BP 120/80 \\F\\ HR 72 \\T\\ stable'
 * ```
 */
export function escapeHl7(value: string, d: Hl7Delimiters = DEFAULT_DELIMITERS): string {
  if (value === HL7_NULL) return `${d.escape}X22${d.escape}"`;
  const table = escapeTable(d);
  if (!table.test.test(value)) return value;
  return value.replace(table.replace, (ch) => table.map.get(ch) ?? ch);
}

function isHex(s: string): boolean {
  if (s.length === 0 || s.length % 2 !== 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!ok) return false;
  }
  return true;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeHex(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    bytes[i] = b;
    if (b >= 0x80) ascii = false;
  }
  if (!ascii) {
    try {
      return utf8.decode(bytes);
    } catch {
      // not UTF-8: read the bytes as ISO-8859-1 below
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return out;
}

function decodeSequence(code: string, d: Hl7Delimiters): string | undefined {
  if (code.length === 1) {
    switch (code) {
      case 'F':
        return d.field;
      case 'S':
        return d.component;
      case 'T':
        return d.subcomponent;
      case 'R':
        return d.repetition;
      case 'E':
        return d.escape;
      case 'P':
        return d.truncation;
      default:
        return undefined;
    }
  }
  if (code === '.br') return '\n';
  if (code.charCodeAt(0) === 0x58 /* X */ && isHex(code.slice(1))) return decodeHex(code.slice(1));
  return undefined;
}

/**
 * Decodes the escape sequences of one ER7 value: `\F\ \S\ \T\ \R\ \E\` (and `\P\` when the
 * message declares a truncation character) become the delimiter characters, `\Xhh…\` becomes
 * the bytes it encodes (read as UTF-8, or ISO-8859-1 when not valid UTF-8), `\.br\` becomes
 * `\n`. Everything else (highlighting `\H\ \N\`, other FT commands such as `\.sp 2\`, charset
 * switches `\C..\ \M..\`, local `\Z..\`, and an escape character without a closing one) is kept
 * verbatim. Values without the escape character are returned as they are (fast path).
 *
 * @param value - escaped text of a field, component or subcomponent
 * @param d - the message's delimiters (default `|^~\&`)
 * @returns the plain text
 * @example
 * ```ts
 * unescapeHl7('pain \\T\\ fatigue\\.br\\next'); // 'pain & fatigue\nnext'
 * ```
 */
export function unescapeHl7(value: string, d: Hl7Delimiters = DEFAULT_DELIMITERS): string {
  const esc = d.escape;
  let start = value.indexOf(esc);
  if (start < 0) return value;
  const parts: string[] = [];
  let copied = 0;
  while (start >= 0) {
    const end = value.indexOf(esc, start + 1);
    if (end < 0) break;
    const decoded = decodeSequence(value.slice(start + 1, end), d);
    if (decoded === undefined) {
      start = value.indexOf(esc, end + 1); // unknown sequence: keep it verbatim
      continue;
    }
    parts.push(value.slice(copied, start), decoded);
    copied = end + 1;
    start = value.indexOf(esc, copied);
  }
  if (copied === 0) return value;
  parts.push(value.slice(copied));
  return parts.join('');
}
