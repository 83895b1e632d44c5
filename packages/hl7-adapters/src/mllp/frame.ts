import { mllpInputError } from './input-error.js';

/**
 * Start-block byte (VT, 0x0B) that opens every MLLP frame.
 *
 * @example
 * ```ts
 * buffer[0] === MLLP_START; // a frame starts here
 * ```
 */
export const MLLP_START = 0x0b;
/**
 * End-block byte (FS, 0x1C) that closes every MLLP frame, followed by {@link MLLP_CR}.
 *
 * @example
 * ```ts
 * const end = buffer.indexOf(MLLP_END);
 * ```
 */
export const MLLP_END = 0x1c;
/**
 * Carriage return (0x0D) that follows {@link MLLP_END}.
 *
 * @example
 * ```ts
 * Buffer.from([MLLP_END, MLLP_CR]); // the frame trailer
 * ```
 */
export const MLLP_CR = 0x0d;

/**
 * Character encodings the transport can put on the wire. MLLP carries bytes; both peers must agree
 * (HL7 MSH-18). The default everywhere in this folder is `'utf8'`; use `'latin1'` for ISO-8859-1
 * peers.
 *
 * @example
 * ```ts
 * createMllpClient({ host: '127.0.0.1', port: 2575, encoding: MllpEncoding.latin1 });
 * ```
 */
export const MllpEncoding = { utf8: 'utf8', latin1: 'latin1' } as const;
export type MllpEncoding = (typeof MllpEncoding)[keyof typeof MllpEncoding];

/**
 * Default maximum size of one frame's payload: 16 MiB.
 *
 * @example
 * ```ts
 * new MllpFrameDecoder({ maxFrameBytes: DEFAULT_MAX_FRAME_BYTES / 4 });
 * ```
 */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * Wraps one message in an MLLP frame: `0x0B`, the encoded text, `0x1C 0x0D`.
 *
 * @param message - the HL7 text (segments ended by CR); it must not contain 0x0B or 0x1C, which
 *   the ER7 encoder escapes as `\X0B\` / `\X1C\`
 * @param encoding - character encoding on the wire, `'utf8'` (default) or `'latin1'`
 * @returns the framed bytes
 * @throws Hl7Error `invalid_input` (inputField `message`) when the text is not a string,
 *   contains a framing byte, or (latin1) holds a character above U+00FF
 * @example
 * ```ts
 * socket.write(encodeMllpFrame('MSH|^~\\&|APP|FAC|||20240101||ACK|1|P|2.3\rMSA|AA|1\r'));
 * ```
 */
export function encodeMllpFrame(message: string, encoding: MllpEncoding = 'utf8'): Buffer {
  if (typeof message !== 'string') throw mllpInputError('message', 'must be a string');
  if (message.includes('\u000b') || message.includes('\u001c')) {
    throw mllpInputError(
      'message',
      'must not contain the MLLP framing bytes 0x0B or 0x1C (escape them as \\X0B\\ / \\X1C\\)',
    );
  }
  if (encoding === 'latin1' && /[\u0100-\uffff]/.test(message)) {
    throw mllpInputError('message', 'contains characters that latin1 cannot encode');
  }
  const bodyLength = Buffer.byteLength(message, encoding);
  const out = Buffer.allocUnsafe(bodyLength + 3);
  out[0] = MLLP_START;
  out.write(message, 1, bodyLength, encoding);
  out[bodyLength + 1] = MLLP_END;
  out[bodyLength + 2] = MLLP_CR;
  return out;
}
