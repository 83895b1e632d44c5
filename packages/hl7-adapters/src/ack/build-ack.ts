import { createHl7Message, type Hl7Message } from '../codec/message.js';
import { formatHl7DateTime } from '../datetime.js';
import { invalidInput } from '../errors.js';
import { defaultIdGenerator, resolveNow } from '../ids.js';

/**
 * The acknowledgement codes of HL7 table 0008.
 *
 * @example
 * ```ts
 * ACK_CODES.includes(code);
 * ```
 */
export const ACK_CODES = ['AA', 'AE', 'AR', 'CA', 'CE', 'CR'] as const;
/**
 * One acknowledgement code (MSA-1): original mode AA/AE/AR, enhanced mode CA/CE/CR.
 *
 * @example
 * ```ts
 * const code: AckCode = 'AE';
 * ```
 */
export type AckCode = (typeof ACK_CODES)[number];

/**
 * Options of {@link buildAck}.
 *
 * @example
 * ```ts
 * buildAck(msg, { code: 'AR', text: 'Unsupported', errorCode: '200' });
 * ```
 */
export interface BuildAckOptions {
  code: AckCode;
  /** MSA-3 text. Keep patient data out of it. */
  text?: string;
  /** An HL7 table 0357 code (`204`, `207`, …) or an application code: adds an ERR segment. */
  errorCode?: string;
  /** Text of the error code (default: the table 0357 meaning when known). */
  errorText?: string;
  /** Where the error is: segment name, field number (and the segment's occurrence, default 1). */
  errorLocation?: { segment: string; field?: number; sequence?: number };
  /** ERR-4 severity (v2.5+), default `E`. */
  severity?: 'E' | 'W' | 'I' | 'F';
  /** MSH-10 of the ACK (default: a generated id). */
  controlId?: string;
  /** Clock (Date or epoch ms); default the system clock. */
  now?: () => Date | number;
  /** Id generator for MSH-10 when `controlId` is not given. */
  idGenerator?: () => string;
  /** MSH-7 offset in minutes east of UTC (default 0). */
  timezoneOffsetMinutes?: number;
}

const ERROR_TEXT: Record<string, string> = {
  '0': 'Message accepted',
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};

function atLeast25(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 5);
}

/**
 * Builds the acknowledgement of a message: MSH with sender and receiver swapped (MSH-3/4 ⇄
 * MSH-5/6), the same delimiters, processing id and version, MSH-9 `ACK^<trigger>^ACK`; MSA-1 the
 * code, MSA-2 the original MSH-10, MSA-3 the text; and, when `errorCode` is given, an ERR segment
 * (v2.5+ fields ERR-2/3/4/8, or ERR-1 before v2.5).
 *
 * @param message - the message being acknowledged
 * @param options - code, text, error, ids and clock
 * @returns the ACK message
 * @throws Hl7Error `invalid_input` for an unknown code
 * @example
 * ```ts
 * const ack = buildAck(parseHl7(oruText), { code: 'AE', text: 'Unknown patient', errorCode: '204', errorLocation: { segment: 'PID', field: 3 } });
 * ack.toString(); // 'MSH|^~\\&|HNAM|NORTHWIND|CAREAPP|CAREFAC|…||ACK^R01|…\rMSA|AE|DOC…|Unknown patient\rERR|PID^1^3^204&Unknown key identifier&HL70357\r'
 * ```
 */
export function buildAck(message: Hl7Message, options: BuildAckOptions): Hl7Message {
  if (!(ACK_CODES as readonly string[]).includes(options.code)) {
    throw invalidInput('code', `must be one of ${ACK_CODES.join(', ')}`);
  }
  const src = message.segment('MSH');
  const ack = createHl7Message({ delimiters: message.delimiters });
  const msh = ack.segment('MSH')!;
  const copy = (to: number, from: number): void => {
    const raw = src?.getRaw(from);
    if (raw) msh.setRaw(to, raw);
  };
  copy(3, 5);
  copy(4, 6);
  copy(5, 3);
  copy(6, 4);
  msh.set(
    7,
    formatHl7DateTime(resolveNow(options.now), { offsetMinutes: options.timezoneOffsetMinutes }),
  );
  const version = message.get('MSH-12.1') ?? '';
  const trigger = message.get('MSH-9.2') ?? '';
  msh.set('9.1', 'ACK');
  if (trigger) msh.set('9.2', trigger);
  if (
    trigger &&
    version !== '2.3' &&
    version !== '' &&
    !version.startsWith('2.1') &&
    !version.startsWith('2.2')
  ) {
    msh.set('9.3', 'ACK');
  }
  msh.set(10, options.controlId ?? (options.idGenerator ?? defaultIdGenerator)());
  msh.set(11, message.get('MSH-11.1') || 'P');
  copy(12, 12);

  const msa = ack.addSegment('MSA', options.code, message.get('MSH-10') ?? '');
  if (options.text) msa.set(3, options.text);

  if (options.errorCode) {
    const text = options.errorText ?? ERROR_TEXT[options.errorCode] ?? '';
    const loc = options.errorLocation;
    const err = ack.addSegment('ERR');
    if (atLeast25(version)) {
      if (loc) {
        err.setField(2, [
          loc.segment,
          String(loc.sequence ?? 1),
          loc.field === undefined ? '' : String(loc.field),
        ]);
      }
      err.setField(3, [options.errorCode, text, /^\d+$/.test(options.errorCode) ? 'HL70357' : '']);
      err.set(4, options.severity ?? 'E');
      if (options.text) err.set(8, options.text);
    } else {
      if (loc) {
        err.set('1.1', loc.segment);
        err.set('1.2', String(loc.sequence ?? 1));
        if (loc.field !== undefined) err.set('1.3', String(loc.field));
      }
      err.set('1.4.1', options.errorCode);
      if (text) err.set('1.4.2', text);
      if (/^\d+$/.test(options.errorCode)) err.set('1.4.3', 'HL70357');
    }
  }
  return ack;
}
