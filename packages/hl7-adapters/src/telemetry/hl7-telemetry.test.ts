import { exportedText, otelHarness, treeOutline } from '@cerner-kit/otel-harness';
import { beforeEach, describe, expect, it } from 'vitest';
import { Hl7Error } from '../errors.js';
import { createHl7Telemetry } from './hl7-telemetry.js';

const otel = otelHarness();
beforeEach(() => otel.reset());

const ORU =
  'MSH|^~\\&|KIT|FAC|CERNER|FAC|20261204||ORU^R01|CK-77|P|2.5.1\rPID|1||7734221^^^MRN||QUAGMIRE^ZEBULON||19610704\rOBX|1|TX|||Zebulon reports dizziness\r';
const ack = (code: string, text = '') =>
  `MSH|^~\\&|CERNER|FAC|KIT|FAC|20261204||ACK^R01|A1|P|2.5.1\rMSA|${code}|CK-77|${text}\r`;

async function points(name: string) {
  const m = (await otel.metrics()).find((x) => x.descriptor.name === name);
  return (m?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, value: p.value }));
}

describe('createHl7Telemetry', () => {
  const tel = createHl7Telemetry({ host: '127.0.0.1', port: 2575 });

  it('an AA: the send span with the round trip under it, MSH-9/MSH-10/ACK code, no content', async () => {
    const t = tel.startSend(ORU, 'CK-77', 'first');
    t.written(ORU.length + 3);
    await t.settle(Promise.resolve(ack('AA')));
    expect(treeOutline(otel.spans())).toEqual(['hl7 send ORU^R01', '  mllp round-trip']);
    const send = otel.spans().find((s) => s.name === 'hl7 send ORU^R01')!;
    expect(send.kind).toBe(2);
    expect(send.attributes).toEqual({
      'server.address': '127.0.0.1',
      'server.port': 2575,
      'hl7.message_type': 'ORU^R01',
      'hl7.control_id': 'CK-77',
      'hl7.version': '2.5.1',
      'hl7.return_ack': 'first',
      'hl7.ack_code': 'AA',
    });
    expect(send.status.code).toBe(0);
    const rt = otel.spans().find((s) => s.name === 'mllp round-trip')!;
    expect(rt.attributes['mllp.frame_bytes']).toBe(ORU.length + 3);
    expect(await points('cerner.hl7.acks')).toEqual([
      { attributes: { 'hl7.message_type': 'ORU^R01', 'hl7.ack_code': 'AA' }, value: 1 },
    ]);
  });

  it('an AE: both spans failed with error.type AE, no NACK text', async () => {
    const t = tel.startSend(ORU, 'CK-77', 'first');
    t.written(100);
    const reply = await t.settle(Promise.resolve(ack('AE', 'Patient QUAGMIRE not found')));
    expect(reply).toContain('MSA|AE');
    for (const s of otel.spans()) {
      expect(s.status).toEqual({ code: 2, message: 'AE' });
      expect(s.attributes['hl7.ack_code']).toBe('AE');
      expect(s.events).toEqual([]); // a NACK is an answer, not an exception
    }
    const text = exportedText(otel.spans(), await otel.metrics()).join('\n');
    for (const phi of ['QUAGMIRE', 'ZEBULON', '7734221', '19610704', 'dizziness']) {
      expect(text).not.toContain(phi);
    }
  });

  it('a timeout: error.type timeout and an exception event with the type only', async () => {
    const t = tel.startSend(ORU, 'CK-77', 'first');
    const error = new Hl7Error('timeout', 'no reply for CK-77 about ZEBULON', { retryable: true });
    await expect(t.settle(Promise.reject(error))).rejects.toBe(error);
    const [send] = otel.spans();
    expect(treeOutline(otel.spans())).toEqual(['hl7 send ORU^R01 [exception]']);
    expect(send!.status).toEqual({ code: 2, message: 'timeout' });
    expect(send!.events[0]!.attributes).toEqual({
      'exception.type': 'Hl7Error',
      'error.type': 'timeout',
    });
    expect(await points('cerner.hl7.acks')).toEqual([]);
  });

  it('a control id that looks like patient data is redacted', async () => {
    const t = tel.startSend(ORU, 'QUAGMIRE ZEBULON', 'first');
    await t.settle(Promise.resolve(ack('AA')));
    expect(otel.spans()[0]!.attributes['hl7.control_id']).toBe('[redacted]');
  });

  it('telemetry: false records nothing', async () => {
    const off = createHl7Telemetry({ telemetry: false, host: 'h', port: 1 });
    const t = off.startSend(ORU, 'CK-77', 'first');
    t.written(1);
    await t.settle(Promise.resolve(ack('AA')));
    expect(otel.spans()).toEqual([]);
  });
});
