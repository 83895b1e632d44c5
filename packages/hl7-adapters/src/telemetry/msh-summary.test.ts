import { describe, expect, it } from 'vitest';
import { mshSummary } from './msh-summary.js';

describe('mshSummary', () => {
  it('reads MSH-9 and MSH-12 from the first segment only', () => {
    const msg =
      'MSH|^~\\&|KIT|FAC|CERNER|FAC|20261204||ORU^R01^ORU_R01|CK1|P|2.5.1\rPID|1||7734221^^^MRN||QUAGMIRE^ZEBULON\r';
    expect(mshSummary(msg)).toEqual({ messageType: 'ORU^R01^ORU_R01', version: '2.5.1' });
  });

  it('other separators and line ends', () => {
    expect(mshSummary('MSH#$~\\&#A#B#C#D#2026##QRY$A19#Q1#P#2.3\nQRD#…')).toEqual({
      messageType: 'QRY^A19',
      version: '2.3',
    });
  });

  it('nothing for text that is not an MSH-led message', () => {
    expect(mshSummary('PID|1||7734221')).toEqual({});
    expect(mshSummary('MSH|^~\\&|A')).toEqual({});
    expect(mshSummary('')).toEqual({});
  });
});
