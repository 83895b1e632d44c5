import { describe, expect, it } from 'vitest';
import { defaultGetControlId, readAckControlId, readMessageControlId } from './control-id.js';

describe('control id reader', () => {
  it('reads MSH-10 and MSA-2 with the standard delimiters', () => {
    const query =
      'MSH|^~\\&|APP|FAC|HNAM|FAC|20250102||QRY^A19|Q123|P|2.3\rQRD|20250102|R|I|Q123\r';
    const reply =
      'MSH|^~\\&|HNAM|FAC|APP|FAC|20250102||ADR^A19|C999|P|2.3\rMSA|AA|Q123\rQRD|20250102\r';
    expect(readMessageControlId(query)).toBe('Q123');
    expect(readAckControlId(reply)).toBe('Q123');
    expect(readMessageControlId(reply)).toBe('C999');
    expect(defaultGetControlId(query, 'request')).toBe(defaultGetControlId(reply, 'reply'));
  });

  it('uses the delimiters declared in MSH-1/MSH-2 and unescapes', () => {
    const msg = 'MSH#*~\\&#A#B#C#D#20250102##ACK*R01#ID\\F\\1*x#P#2.3\nMSA#AA#ID\\F\\1\n';
    expect(readMessageControlId(msg)).toBe('ID#1');
    expect(readAckControlId(msg)).toBe('ID#1');
  });

  it('handles CRLF segment ends, whitespace and leading blank lines', () => {
    const msg = '\r\nMSH|^~\\&|A|B|C|D|20250102||ACK|  X1  |P|2.3\r\nMSA|AE| X1 |bad\r\n';
    expect(readMessageControlId(msg)).toBe('X1');
    expect(readAckControlId(msg)).toBe('X1');
  });

  it('returns undefined when there is nothing to read', () => {
    expect(readMessageControlId('PID|1||123\r')).toBeUndefined();
    expect(readMessageControlId('MSH|^~\\&|A|B|C|D|20250102||ACK||P|2.3\r')).toBeUndefined();
    expect(readMessageControlId('MSH|^~\\&|A\r')).toBeUndefined();
    expect(
      readAckControlId('MSH|^~\\&|A|B|C|D|20250102||ORU^R01|1|P|2.3\rPID|1\r'),
    ).toBeUndefined();
    expect(readAckControlId('MSH|^~\\&|A|B|C|D|20250102||ACK|1|P|2.3\rMSA|AA\r')).toBeUndefined();
    expect(readMessageControlId('')).toBeUndefined();
    expect(readMessageControlId('MSH')).toBeUndefined();
    expect(readAckControlId('not hl7 at all')).toBeUndefined();
  });
});
