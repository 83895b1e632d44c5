import type { Hl7Message } from '../codec/message.js';
import { parseHl7, type ParseHl7Options } from '../codec/parse.js';
import { Hl7Error } from '../errors.js';

/**
 * One error reported in an ERR segment (either the v2.5+ fields or the older ERR-1 ELD) or MSA-6.
 *
 * @example
 * ```ts
 * ack.errors[0]?.code; // '204'
 * ```
 */
export interface Hl7AckError {
  /** HL7 table 0357 code (`204`) or an application code. */
  code?: string;
  text?: string;
  /** ERR-4 severity (`E`, `W`, `I`, `F`). */
  severity?: string;
  /** Where, as a path like `PID-3` (segment, field) when the sender said. */
  location?: string;
}

/**
 * The result of {@link parseAck}.
 *
 * @example
 * ```ts
 * const { ok, controlId } = parseAck(reply);
 * ```
 */
export interface ParsedAck {
  /** MSA-1 as sent (`AA`, `AE`, `AR`, `CA`, `CE`, `CR`). */
  code: string;
  /** True for AA and CA. */
  ok: boolean;
  /** MSA-2: the MSH-10 of the message being acknowledged. */
  controlId: string;
  /** MSA-3, when sent. */
  text?: string;
  errors: Hl7AckError[];
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (!o[k]) delete o[k];
  return o;
}

/**
 * @internal The errors of an acknowledgement-bearing message (ACK, ADR, …): every ERR segment,
 * v2.5+ fields first (ERR-3 code, ERR-8/7 text, ERR-4 severity, ERR-2 location), else each ERR-1
 * repetition (`SEG^seq^field^code&text&system`), and MSA-6 when no ERR carries anything.
 */
export function readAckErrors(msg: Hl7Message): Hl7AckError[] {
  const out: Hl7AckError[] = [];
  for (const err of msg.segmentsNamed('ERR')) {
    if (err.get('3.1') || err.get('2.1') || err.get(7) || err.get(8)) {
      const seg = err.get('2.1') ?? '';
      const field = err.get('2.3') ?? '';
      out.push(
        clean({
          code: err.get('3.1'),
          text: err.get(8) || err.get(7) || err.get('3.2'),
          severity: err.get(4),
          location: seg ? (field ? `${seg}-${field}` : seg) : undefined,
        }),
      );
      continue;
    }
    // One split of ERR-1, then each repetition read in place: linear in the field's length.
    for (const rep of err.repetitions(1)) {
      const seg = rep.text(1);
      const field = rep.text(3);
      const error = clean({
        code: rep.text(4, 1),
        text: rep.text(4, 2),
        location: seg ? (field ? `${seg}-${field}` : seg) : undefined,
      });
      if (Object.keys(error).length) out.push(error);
    }
  }
  if (out.length === 0 && (msg.get('MSA-6.1') || msg.get('MSA-6.2'))) {
    out.push(clean({ code: msg.get('MSA-6.1'), text: msg.get('MSA-6.2') }));
  }
  return out;
}

/**
 * Reads an acknowledgement: MSA-1 code (AA/AE/AR in original mode, CA/CE/CR in enhanced mode),
 * MSA-2 (match it to the MSH-10 you sent), MSA-3 text and the ERR segments. Works on any message
 * with an MSA (an ACK, or an ADR^A19).
 *
 * @param message - a parsed message or its ER7 text
 * @param options - limits for parsing text (`maxLength`, `maxRepetitions`)
 * @returns the acknowledgement
 * @throws Hl7ParseError for unparseable text or text past a limit; Hl7Error
 *   `unsupported_message` when there is no MSA
 * @example
 * ```ts
 * const ack = parseAck('MSH|^~\\&|B||A||20250101||ACK^R01^ACK|9|P|2.5\rMSA|AE|DOC1|Bad PID\rERR||PID^1^3|204^Unknown key identifier^HL70357|E\r');
 * ack.ok; // false
 * ack.errors; // [{ code: '204', text: 'Unknown key identifier', severity: 'E', location: 'PID-3' }]
 * ```
 */
export function parseAck(message: Hl7Message | string, options: ParseHl7Options = {}): ParsedAck {
  const msg = typeof message === 'string' ? parseHl7(message, options) : message;
  const msa = msg.segment('MSA');
  if (!msa) throw new Hl7Error('unsupported_message', 'not an acknowledgement: no MSA segment');
  const code = (msa.get(1) ?? '').trim().toUpperCase();
  const ack: ParsedAck = {
    code,
    ok: code === 'AA' || code === 'CA',
    controlId: msa.get(2) ?? '',
    errors: readAckErrors(msg),
  };
  const text = msa.get(3);
  if (text) ack.text = text;
  return ack;
}
