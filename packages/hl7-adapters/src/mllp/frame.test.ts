import { describe, expect, it } from 'vitest';
import { Hl7Error } from '../errors.js';
import { MllpFrameDecoder } from './decoder.js';
import { encodeMllpFrame, MLLP_CR, MLLP_END, MLLP_START } from './frame.js';

describe('encodeMllpFrame', () => {
  it('wraps the text in 0x0B … 0x1C 0x0D', () => {
    const frame = encodeMllpFrame('MSH|^~\\&|A\r');
    expect(frame[0]).toBe(MLLP_START);
    expect(frame.subarray(1, -2).toString('utf8')).toBe('MSH|^~\\&|A\r');
    expect([...frame.subarray(-2)]).toEqual([MLLP_END, MLLP_CR]);
    expect([MLLP_START, MLLP_END, MLLP_CR]).toEqual([0x0b, 0x1c, 0x0d]);
  });

  it('encodes UTF-8 by default and latin1 on request', () => {
    expect(encodeMllpFrame('é').subarray(1, -2)).toEqual(Buffer.from([0xc3, 0xa9]));
    expect(encodeMllpFrame('é', 'latin1').subarray(1, -2)).toEqual(Buffer.from([0xe9]));
    expect(encodeMllpFrame('')).toEqual(Buffer.from([0x0b, 0x1c, 0x0d]));
  });

  it('round-trips through the decoder', () => {
    const text = 'MSH|^~\\&|Ünïcødé 🚑\rOBX|1|TX|||line\r';
    expect(new MllpFrameDecoder().push(encodeMllpFrame(text))).toEqual([
      { type: 'frame', message: text },
    ]);
    const latin = 'MSH|^~\\&|café\r';
    expect(
      new MllpFrameDecoder({ encoding: 'latin1' }).push(encodeMllpFrame(latin, 'latin1')),
    ).toEqual([{ type: 'frame', message: latin }]);
  });

  it('refuses text that would break the framing or the encoding', () => {
    for (const bad of ['a\u000bb', 'a\u001cb']) {
      let error: unknown;
      try {
        encodeMllpFrame(bad);
      } catch (e) {
        error = e;
      }
      expect(
        Hl7Error.isInstance(error) &&
          error.code === 'invalid_input' &&
          error.inputField === 'message',
      ).toBe(true);
    }
    expect(() => encodeMllpFrame('€', 'latin1')).toThrow(/latin1/);
    expect(() => encodeMllpFrame(42 as unknown as string)).toThrow(/string/);
  });
});
