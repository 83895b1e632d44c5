import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyString } from '../__fixtures__/arbitraries.js';
import { MllpFrameDecoder, type MllpDecodeEvent } from './decoder.js';
import { encodeMllpFrame } from './frame.js';

const A = 'MSH|^~\\&|SND|FAC|RCV|FAC|20250101||ADT^A01|A1|P|2.3\rPID|1||123\r';
const B = 'MSH|^~\\&|SND|FAC|RCV|FAC|20250101||ADT^A01|B2|P|2.3\rPID|1||456^^^MRN\r';
const frame = (text: string): Buffer => encodeMllpFrame(text);
const bytes = (...parts: (Buffer | string)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));

/** Feeds `stream` cut at the given offsets and returns every event, then those of end(). */
function decodeInChunks(
  stream: Buffer,
  cuts: number[],
  decoder = new MllpFrameDecoder(),
): MllpDecodeEvent[] {
  const out: MllpDecodeEvent[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((x, y) => x - y)) {
    out.push(...decoder.push(stream.subarray(from, cut)));
    from = cut;
  }
  out.push(...decoder.push(stream.subarray(from)));
  out.push(...decoder.end());
  return out;
}

describe('MllpFrameDecoder', () => {
  it('decodes one frame', () => {
    expect(new MllpFrameDecoder().push(frame(A))).toEqual([{ type: 'frame', message: A }]);
  });

  it('decodes a two-frame stream split at every byte position (end bytes included)', () => {
    const stream = bytes(frame(A), frame(B));
    const expected = [
      { type: 'frame', message: A },
      { type: 'frame', message: B },
    ];
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(decodeInChunks(stream, [cut]), `cut at ${cut}`).toEqual(expected);
    }
    // and byte by byte
    expect(
      decodeInChunks(
        stream,
        Array.from({ length: stream.length }, (_, i) => i),
      ),
    ).toEqual(expected);
  });

  it('decodes coalesced frames from one chunk, in order', () => {
    const decoder = new MllpFrameDecoder();
    expect(decoder.push(bytes(frame(A), frame(B), frame(A)))).toEqual([
      { type: 'frame', message: A },
      { type: 'frame', message: B },
      { type: 'frame', message: A },
    ]);
    expect(decoder.inFrame).toBe(false);
  });

  it('skips and reports garbage before and between frames without touching the frames', () => {
    const decoder = new MllpFrameDecoder();
    expect(decoder.push(bytes('junk!', frame(A), 'HTTP/1.1 400\r\n', frame(B)))).toEqual([
      { type: 'error', reason: 'garbage', bytes: 5 },
      { type: 'frame', message: A },
      { type: 'error', reason: 'garbage', bytes: 14 },
      { type: 'frame', message: B },
    ]);
  });

  it('reports a garbage run split across chunks once, and trailing garbage at end()', () => {
    const decoder = new MllpFrameDecoder();
    expect(decoder.push(Buffer.from('gar'))).toEqual([]);
    expect(decoder.push(bytes('bage', frame(A), 'tail'))).toEqual([
      { type: 'error', reason: 'garbage', bytes: 7 },
      { type: 'frame', message: A },
    ]);
    expect(decoder.end()).toEqual([{ type: 'error', reason: 'garbage', bytes: 4 }]);
  });

  it('tolerates CR/LF between frames and a missing CR after 0x1C', () => {
    const decoder = new MllpFrameDecoder();
    expect(decoder.push(bytes(frame(A), '\r\n\n', '\x0b', B, '\x1c', frame(A)))).toEqual([
      { type: 'frame', message: A },
      { type: 'frame', message: B },
      { type: 'frame', message: A },
    ]);
    expect(decoder.end()).toEqual([]);
  });

  it('discards an oversized frame with bounded memory, then decodes the next good frame', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 64 });
    const big = 'MSH|' + 'x'.repeat(1000);
    const stream = bytes(frame(big), frame('MSH|small\r'));
    const events: MllpDecodeEvent[] = [];
    let peak = 0;
    for (let i = 0; i < stream.length; i += 7) {
      events.push(...decoder.push(stream.subarray(i, i + 7)));
      peak = Math.max(peak, decoder.bufferedBytes);
    }
    expect(events).toEqual([
      { type: 'error', reason: 'oversized', bytes: big.length },
      { type: 'frame', message: 'MSH|small\r' },
    ]);
    expect(peak).toBeLessThanOrEqual(64);
  });

  it('accepts a frame of exactly maxFrameBytes and rejects one byte more', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 10 });
    expect(decoder.push(bytes(frame('0123456789'), frame('0123456789A')))).toEqual([
      { type: 'frame', message: '0123456789' },
      { type: 'error', reason: 'oversized', bytes: 11 },
    ]);
  });

  it('resyncs on a 0x0B inside an oversized frame', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 8 });
    expect(decoder.push(bytes('\x0b', 'y'.repeat(20), frame('MSH|ok')))).toEqual([
      { type: 'error', reason: 'oversized', bytes: 20 },
      { type: 'frame', message: 'MSH|ok' },
    ]);
  });

  it('restarts on a 0x0B inside an unterminated frame and reports the dropped part', () => {
    const decoder = new MllpFrameDecoder();
    expect(decoder.push(bytes('\x0bMSH|partial'))).toEqual([]);
    expect(decoder.push(frame(A))).toEqual([
      { type: 'error', reason: 'unterminated', bytes: 11 },
      { type: 'frame', message: A },
    ]);
  });

  it('reports an unterminated frame at end() and starts clean afterwards', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 4 });
    decoder.push(bytes('\x0bMSH'));
    expect(decoder.end()).toEqual([{ type: 'error', reason: 'unterminated', bytes: 3 }]);
    decoder.push(bytes('\x0bMSH|too long'));
    expect(decoder.end()).toEqual([{ type: 'error', reason: 'oversized', bytes: 12 }]);
    expect(decoder.push(frame('MSH|'))).toEqual([{ type: 'frame', message: 'MSH|' }]);
  });

  it('decodes UTF-8 characters split across chunks, and latin1 on request', () => {
    const text = 'PID|1||||Müller^Zoë 🚑\r';
    const stream = frame(text);
    for (let cut = 1; cut < stream.length; cut++) {
      expect(decodeInChunks(stream, [cut])).toEqual([{ type: 'frame', message: text }]);
    }
    const latin = new MllpFrameDecoder({ encoding: 'latin1' });
    expect(latin.push(bytes('\x0b', Buffer.from([0x4d, 0xfc]), '\x1c\r'))).toEqual([
      { type: 'frame', message: 'Mü' },
    ]);
  });

  it('emits an empty frame as an empty message', () => {
    expect(new MllpFrameDecoder().push(bytes('\x0b\x1c\r'))).toEqual([
      { type: 'frame', message: '' },
    ]);
  });

  it('gives the same events however the stream is chunked (property)', () => {
    const piece = fc.oneof(
      anyString({ maxLength: 30 }).map((s) => ({
        kind: 'frame' as const,
        text: s.replaceAll('\u000b', '').replaceAll('\u001c', ''),
      })),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 10 }).map((s) => ({
        kind: 'junk' as const,
        text: [...s].map((ch) => ('\u000b\u001c\r\n'.includes(ch) ? '#' : ch)).join(''),
      })),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (pieces, rawCuts) => {
          const stream = bytes(
            ...pieces.map((p) =>
              p.kind === 'frame' ? frame(p.text) : Buffer.from(p.text, 'utf8'),
            ),
          );
          const whole = decodeInChunks(stream, []);
          const cuts = rawCuts.map((c) => (stream.length === 0 ? 0 : c % (stream.length + 1)));
          expect(decodeInChunks(stream, cuts)).toEqual(whole);
          expect(
            whole
              .filter((e) => e.type === 'frame')
              .map((e) => (e.type === 'frame' ? e.message : '')),
          ).toEqual(pieces.filter((p) => p.kind === 'frame').map((p) => p.text));
        },
      ),
    );
  });

  it('validates its options', () => {
    expect(() => new MllpFrameDecoder({ maxFrameBytes: 0 })).toThrow(/maxFrameBytes/);
    expect(() => new MllpFrameDecoder({ encoding: 'utf16le' as 'utf8' })).toThrow(/encoding/);
  });
});
