import { describe, expect, it } from 'vitest';
import { ACK_AR_MALFORMED_MSH2, ORU_ED_PDF } from '../__fixtures__/messages.js';
import { parseHl7 } from '../codec/parse.js';
import { Hl7Error } from '../errors.js';
import { buildAck } from './build-ack.js';
import { parseAck } from './parse-ack.js';

const now = (): Date => new Date('2025-01-02T15:00:01Z');

describe('buildAck', () => {
  it('swaps sender and receiver and echoes MSH-10 in MSA-2', () => {
    const ack = buildAck(parseHl7(ORU_ED_PDF), { code: 'AA', controlId: 'ACK1', now });
    expect(ack.toString()).toBe(
      'MSH|^~\\&|HNAM|NORTHWIND|CAREAPP|CAREFAC|20250102150001+0000||ACK^R01|ACK1|P|2.3\rMSA|AA|DOC20250102100000001\r',
    );
  });

  it('adds an ERR segment: ERR-1 before v2.5, ERR-2/3/4/8 from v2.5', () => {
    const old = buildAck(parseHl7(ORU_ED_PDF), {
      code: 'AE',
      text: 'Unknown patient',
      errorCode: '204',
      errorLocation: { segment: 'PID', field: 3 },
      controlId: 'ACK2',
      now,
    });
    expect(old.toString().split('\r').slice(1)).toEqual([
      'MSA|AE|DOC20250102100000001|Unknown patient',
      'ERR|PID^1^3^204&Unknown key identifier&HL70357',
      '',
    ]);
    const v25 = parseHl7(ORU_ED_PDF.replace('|P|2.3|', '|P|2.5.1|'));
    const ack = buildAck(v25, {
      code: 'AR',
      text: 'Rejected',
      errorCode: '207',
      controlId: 'A',
      idGenerator: () => 'X',
      now,
    });
    expect(ack.get('MSH-9')).toBe('ACK^R01^ACK');
    expect(ack.segment('MSH')!.getRaw(9)).toBe('ACK^R01^ACK');
    expect(ack.segment('ERR')!.toString()).toBe(
      'ERR|||207^Application internal error^HL70357|E||||Rejected',
    );
    expect(buildAck(v25, { code: 'CA', idGenerator: () => 'GEN1', now }).controlId).toBe('GEN1');
  });

  it('refuses an unknown code', () => {
    try {
      buildAck(parseHl7(ORU_ED_PDF), { code: 'XX' as 'AA' });
      expect.unreachable();
    } catch (e) {
      expect(Hl7Error.isInstance(e) && e.inputField).toBe('code');
    }
  });
});

describe('parseAck', () => {
  it.each(['AA', 'AE', 'AR', 'CA', 'CE', 'CR'] as const)('round-trips %s', (code) => {
    const ack = parseAck(
      buildAck(parseHl7(ORU_ED_PDF), {
        code,
        text: 'note',
        errorCode: code.endsWith('A') ? undefined : '101',
        now,
      }).toString(),
    );
    expect(ack.code).toBe(code);
    expect(ack.ok).toBe(code === 'AA' || code === 'CA');
    expect(ack.controlId).toBe('DOC20250102100000001');
    expect(ack.text).toBe('note');
    expect(ack.errors).toEqual(
      code.endsWith('A') ? [] : [{ code: '101', text: 'Required field missing' }],
    );
  });

  it('reads a reject with a malformed MSH-2', () => {
    expect(parseAck(ACK_AR_MALFORMED_MSH2)).toEqual({
      code: 'AR',
      ok: false,
      controlId: 'msg-77',
      text: 'Parsing or validation error: OBR[1].OBX[3]: No observation timestamp in OBX or OBR',
      errors: [],
    });
  });

  it('reads v2.5 ERR fields and MSA-6', () => {
    const v25 = parseAck(
      'MSH|^~\\&|B||A||20250101||ACK^R01^ACK|9|P|2.5\rMSA|AE|DOC1\rERR||PID^1^3|204^Unknown key identifier^HL70357|E||||Patient unknown\r',
    );
    expect(v25.errors).toEqual([
      { code: '204', text: 'Patient unknown', severity: 'E', location: 'PID-3' },
    ]);
    const msa6 = parseAck(
      'MSH|^~\\&|B||A||20250101||ACK|9|P|2.2\rMSA|AR|DOC1||||200^Unsupported message type\r',
    );
    expect(msa6.errors).toEqual([{ code: '200', text: 'Unsupported message type' }]);
    expect(() => parseAck('MSH|^~\\&|B\rPID|1\r')).toThrow(
      expect.objectContaining({ code: 'unsupported_message' }),
    );
  });
});
