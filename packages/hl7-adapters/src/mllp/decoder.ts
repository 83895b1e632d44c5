import { mllpInputError } from './input-error.js';
import { DEFAULT_MAX_FRAME_BYTES, MLLP_END, MLLP_START, type MllpEncoding } from './frame.js';

/**
 * Why bytes were dropped:
 * - `garbage`: bytes outside any frame (before a 0x0B). Runs of only CR / LF between frames are
 *   tolerated silently (many senders add a newline after `0x1C 0x0D`).
 * - `oversized`: a frame longer than `maxFrameBytes`; its bytes were discarded as they arrived.
 * - `unterminated`: a frame cut short by a new 0x0B, or by the end of the stream ({@link MllpFrameDecoder.end}).
 * - `timeout` (server only): a frame not complete within the server's `frameTimeoutMs`; the
 *   connection is closed.
 * - `overloaded` (server only): the server's bytes held across all connections reached
 *   `maxBufferedBytes`; this connection's partial frame is dropped and the connection closed.
 *
 * @example
 * ```ts
 * if (ev.type === 'error' && ev.reason === MllpFrameErrorReason.oversized) metrics.oversized++;
 * ```
 */
export const MllpFrameErrorReason = {
  oversized: 'oversized',
  garbage: 'garbage',
  unterminated: 'unterminated',
  timeout: 'timeout',
  overloaded: 'overloaded',
} as const;
export type MllpFrameErrorReason = (typeof MllpFrameErrorReason)[keyof typeof MllpFrameErrorReason];

/**
 * One result of {@link MllpFrameDecoder.push}: a complete message (`payload`: its undecoded
 * bytes, with the `keepBytes` option), or a report of dropped bytes.
 */
export type MllpDecodeEvent =
  | { type: 'frame'; message: string }
  | { type: 'payload'; payload: Buffer }
  | { type: 'error'; reason: MllpFrameErrorReason; bytes: number };

/** Options of {@link MllpFrameDecoder}. */
export interface MllpFrameDecoderOptions {
  /** Largest payload (bytes between 0x0B and 0x1C) accepted; default 16 MiB. */
  maxFrameBytes?: number;
  /** How payload bytes become text: `'utf8'` (default) or `'latin1'`. */
  encoding?: MllpEncoding;
  /**
   * Emit each complete frame's bytes undecoded (`{ type: 'payload', payload }`) instead of text,
   * for a receiver that picks the character set per message (MSH-18). Default false.
   */
  keepBytes?: boolean;
}

type State = 'idle' | 'frame' | 'discard';

const CR = 0x0d;
const LF = 0x0a;

/**
 * Incremental MLLP de-framer for one byte stream (one TCP connection). Feed it every chunk in
 * order; it returns the frames completed by that chunk and reports of dropped bytes, in stream
 * order.
 *
 * - A frame may span any number of chunks (even with `0x1C` and `0x0D` in different chunks), and
 *   one chunk may hold several frames.
 * - A frame ends at `0x1C`; the `0x0D` after it is expected and swallowed. A missing `0x0D` is
 *   tolerated.
 * - Bytes outside a frame are skipped and reported once per run as `garbage` when the run ends
 *   (at the next 0x0B or at {@link end}); they never affect the next frame.
 * - A frame larger than `maxFrameBytes` is discarded while it streams in (memory stays bounded
 *   by `maxFrameBytes`) and reported as `oversized` when it ends (0x1C, or a new 0x0B which
 *   starts the next frame).
 * - A 0x0B inside a frame drops the partial frame (`unterminated`) and starts a new one.
 * - Payloads are decoded as UTF-8 by default (`encoding: 'latin1'` for ISO-8859-1 peers), after
 *   the whole frame is assembled, so multi-byte characters may straddle chunks.
 *
 * @example
 * ```ts
 * const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
 * socket.on('data', (chunk: Buffer) => {
 *   for (const ev of decoder.push(chunk)) {
 *     if (ev.type === 'frame') handle(ev.message);
 *     else logger.warn('mllp bytes dropped', { reason: ev.reason, bytes: ev.bytes });
 *   }
 * });
 * ```
 */
export class MllpFrameDecoder {
  readonly #max: number;
  readonly #encoding: MllpEncoding;
  readonly #keepBytes: boolean;
  #state: State = 'idle';
  #parts: Buffer[] = [];
  #length = 0;
  /** bytes counted while discarding an oversized frame */
  #discarded = 0;
  /** garbage run: total bytes and whether any was not CR/LF */
  #garbage = 0;
  #garbageSignificant = false;
  /** the previous byte ended a frame: a CR now is its trailer, not garbage */
  #expectCr = false;

  /**
   * @param opts - `maxFrameBytes` (default 16 MiB) and `encoding` (default `'utf8'`)
   * @throws Hl7Error `invalid_input` (inputField `maxFrameBytes` or `encoding`) for a bad option
   */
  constructor(opts: MllpFrameDecoderOptions = {}) {
    const max = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw mllpInputError('maxFrameBytes', 'must be a positive integer');
    }
    const encoding = opts.encoding ?? 'utf8';
    if (encoding !== 'utf8' && encoding !== 'latin1') {
      throw mllpInputError('encoding', "must be 'utf8' or 'latin1'");
    }
    this.#max = max;
    this.#encoding = encoding;
    this.#keepBytes = opts.keepBytes === true;
  }

  /** Bytes currently held for an incomplete frame (never more than `maxFrameBytes`). */
  get bufferedBytes(): number {
    return this.#length;
  }

  /** True when a frame (or an oversized frame being discarded) has started and not yet ended. */
  get inFrame(): boolean {
    return this.#state !== 'idle';
  }

  /**
   * Consumes one chunk of the stream.
   *
   * @param chunk - the next bytes received
   * @returns frames completed and bytes dropped by this chunk, in stream order
   * @example
   * ```ts
   * decoder.push(Buffer.from('\x0bMSH|^~\\&|A\r\x1c\r')); // [{ type: 'frame', message: 'MSH|^~\\&|A\r' }]
   * ```
   */
  push(chunk: Buffer): MllpDecodeEvent[] {
    const events: MllpDecodeEvent[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.#state === 'idle') {
        if (this.#expectCr) {
          this.#expectCr = false;
          if (chunk[i] === CR) {
            i++;
            continue;
          }
        }
        const start = chunk.indexOf(MLLP_START, i);
        const stop = start === -1 ? n : start;
        for (let k = i; k < stop; k++) {
          const b = chunk[k];
          if (b !== CR && b !== LF) this.#garbageSignificant = true;
        }
        this.#garbage += stop - i;
        if (start === -1) break;
        this.#flushGarbage(events);
        this.#startFrame();
        i = start + 1;
        continue;
      }
      // inside a frame (kept or being discarded): look for its end or a restart
      const end = chunk.indexOf(MLLP_END, i);
      const restart = chunk.indexOf(MLLP_START, i);
      const isRestart = restart !== -1 && (end === -1 || restart < end);
      const stop = isRestart ? restart : end === -1 ? n : end;
      this.#append(chunk, i, stop);
      if (stop === n) break;
      if (isRestart) {
        this.#abortFrame(events);
        this.#startFrame();
      } else {
        this.#completeFrame(events);
      }
      i = stop + 1;
    }
    return events;
  }

  /**
   * Ends the stream (the peer closed): reports a frame left open (`unterminated`, or `oversized`
   * if it had grown too big) and trailing garbage, then resets the decoder.
   *
   * @returns reports for the bytes still pending
   * @example
   * ```ts
   * socket.on('end', () => report(decoder.end()));
   * ```
   */
  end(): MllpDecodeEvent[] {
    const events: MllpDecodeEvent[] = [];
    if (this.#state !== 'idle') this.#abortFrame(events);
    this.#flushGarbage(events);
    this.reset();
    return events;
  }

  /**
   * Forgets everything buffered, without reporting (e.g. after the connection was replaced).
   *
   * @example
   * ```ts
   * decoder.reset();
   * ```
   */
  reset(): void {
    this.#state = 'idle';
    this.#parts = [];
    this.#length = 0;
    this.#discarded = 0;
    this.#garbage = 0;
    this.#garbageSignificant = false;
    this.#expectCr = false;
  }

  #startFrame(): void {
    this.#state = 'frame';
    this.#parts = [];
    this.#length = 0;
    this.#discarded = 0;
  }

  #append(chunk: Buffer, from: number, to: number): void {
    const size = to - from;
    if (size === 0) return;
    if (this.#state === 'discard') {
      this.#discarded += size;
      return;
    }
    if (this.#length + size > this.#max) {
      this.#state = 'discard';
      this.#discarded = this.#length + size;
      this.#parts = [];
      this.#length = 0;
      return;
    }
    // copy: the socket may reuse its buffers, and a slice would pin the whole chunk
    this.#parts.push(Buffer.from(chunk.subarray(from, to)));
    this.#length += size;
  }

  #completeFrame(events: MllpDecodeEvent[]): void {
    if (this.#state === 'discard') {
      events.push({ type: 'error', reason: 'oversized', bytes: this.#discarded });
    } else {
      const body =
        this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, this.#length);
      if (this.#keepBytes) events.push({ type: 'payload', payload: body });
      else events.push({ type: 'frame', message: body.toString(this.#encoding) });
    }
    this.#expectCr = true;
    this.#state = 'idle';
    this.#parts = [];
    this.#length = 0;
    this.#discarded = 0;
  }

  #abortFrame(events: MllpDecodeEvent[]): void {
    if (this.#state === 'discard') {
      events.push({ type: 'error', reason: 'oversized', bytes: this.#discarded });
    } else events.push({ type: 'error', reason: 'unterminated', bytes: this.#length });
    this.#state = 'idle';
    this.#parts = [];
    this.#length = 0;
    this.#discarded = 0;
  }

  #flushGarbage(events: MllpDecodeEvent[]): void {
    if (this.#garbage > 0 && this.#garbageSignificant) {
      events.push({ type: 'error', reason: 'garbage', bytes: this.#garbage });
    }
    this.#garbage = 0;
    this.#garbageSignificant = false;
  }
}
