/**
 * What a control id is read for: the `request` being sent (its MSH-10) or a `reply` received
 * (its MSA-2, the MSH-10 it acknowledges).
 *
 * @example
 * ```ts
 * defaultGetControlId(text, ControlIdRole.reply);
 * ```
 */
export const ControlIdRole = { request: 'request', reply: 'reply' } as const;
export type ControlIdRole = (typeof ControlIdRole)[keyof typeof ControlIdRole];

/**
 * Extracts the id that pairs a reply with its request. Called with `'request'` for an outgoing
 * message and `'reply'` for an incoming one; the two results must be equal for a match.
 *
 * @example
 * ```ts
 * // match ADR^A19 replies by QAK-1 / QRD-4 when a peer leaves MSA-2 empty
 * const getControlId: GetControlId = (m, role) =>
 *   role === 'request' ? readMessageControlId(m) : (readAckControlId(m) ?? myQueryTagReader(m));
 * ```
 */
export type GetControlId = (message: string, role: ControlIdRole) => string | undefined;

interface RawDelimiters {
  field: string;
  component: string;
  escape: string;
  repetition: string;
  subcomponent: string;
}

const SEGMENT_END = /\r\n|\r|\n/;

function rawDelimiters(message: string): RawDelimiters | undefined {
  const start = message.indexOf('MSH');
  if (start === -1 || message.slice(0, start).trim() !== '') return undefined;
  const field = message.charAt(start + 3);
  if (field === '' || field === '\r' || field === '\n') return undefined;
  const encEnd = message.indexOf(field, start + 4);
  const enc = message.slice(start + 4, encEnd === -1 ? undefined : encEnd);
  return {
    field,
    component: enc.charAt(0) || '^',
    repetition: enc.charAt(1) || '~',
    escape: enc.charAt(2) || '\\',
    subcomponent: enc.charAt(3) || '&',
  };
}

function firstValue(raw: string | undefined, d: RawDelimiters): string | undefined {
  if (raw === undefined) return undefined;
  let v = raw;
  for (const sep of [d.repetition, d.component, d.subcomponent]) {
    const at = v.indexOf(sep);
    if (at !== -1) v = v.slice(0, at);
  }
  if (d.escape !== '' && v.includes(d.escape)) {
    const e = d.escape;
    const map: Record<string, string> = {
      F: d.field,
      S: d.component,
      T: d.subcomponent,
      R: d.repetition,
      E: e,
    };
    let out = '';
    let i = 0;
    while (i < v.length) {
      const ch = v.charAt(i);
      const code = v.charAt(i + 1);
      if (ch === e && v.charAt(i + 2) === e && map[code] !== undefined) {
        out += map[code];
        i += 3;
      } else {
        out += ch;
        i += 1;
      }
    }
    v = out;
  }
  v = v.trim();
  return v === '' ? undefined : v;
}

function segmentField(message: string, segmentId: string, fieldIndex: number): string | undefined {
  const d = rawDelimiters(message);
  if (d === undefined) return undefined;
  for (const segment of message.trimStart().split(SEGMENT_END)) {
    if (!segment.startsWith(segmentId + d.field)) continue;
    const fields = segment.split(d.field);
    // MSH-1 is the separator itself, so MSH-n sits at split index n-1; other segments at index n.
    const index = segmentId === 'MSH' ? fieldIndex - 1 : fieldIndex;
    return firstValue(fields[index], d);
  }
  return undefined;
}

/**
 * Reads MSH-10 (message control id) from raw ER7 text, with the delimiters declared in MSH-1/MSH-2.
 * A deliberately tiny reader so the transport does not depend on the codec.
 *
 * @param message - ER7 text starting with `MSH`
 * @returns the control id (first component, unescaped, trimmed), or undefined when absent
 * @example
 * ```ts
 * readMessageControlId('MSH|^~\\&|A|B|C|D|20240101||QRY^A19|Q123|P|2.3\r'); // 'Q123'
 * ```
 */
export function readMessageControlId(message: string): string | undefined {
  return segmentField(message, 'MSH', 10);
}

/**
 * Reads MSA-2 (the control id being acknowledged) from raw ER7 text.
 *
 * @param message - ER7 text of an ACK or another reply with an MSA segment
 * @returns the acknowledged control id, or undefined when there is no MSA-2
 * @example
 * ```ts
 * readAckControlId('MSH|^~\\&|C|D|A|B|20240101||ACK|9|P|2.3\rMSA|AA|Q123\r'); // 'Q123'
 * ```
 */
export function readAckControlId(message: string): string | undefined {
  return segmentField(message, 'MSA', 2);
}

/**
 * The default {@link GetControlId}: MSH-10 of a request, MSA-2 of a reply.
 *
 * @param message - raw ER7 text
 * @param role - `'request'` or `'reply'`
 * @returns the id used for matching, or undefined
 * @example
 * ```ts
 * defaultGetControlId(ack, 'reply') === defaultGetControlId(query, 'request'); // true when ack answers query
 * ```
 */
export function defaultGetControlId(message: string, role: ControlIdRole): string | undefined {
  return role === 'request' ? readMessageControlId(message) : readAckControlId(message);
}

/**
 * Reads MSA-1 (the acknowledgement code: `AA`, `CA`, `AE` …) from raw ER7 text.
 *
 * @param message - ER7 text of an ACK or another reply with an MSA segment
 * @returns the code as sent (trimmed), or undefined when there is no MSA-1
 * @example
 * ```ts
 * readAckCode('MSH|^~\\&|C|D|A|B|20240101||ACK|9|P|2.5\rMSA|CA|Q123\r'); // 'CA'
 * ```
 */
export function readAckCode(message: string): string | undefined {
  return segmentField(message, 'MSA', 1);
}
