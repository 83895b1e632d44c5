import { exportedText, otelHarness, treeOutline } from '@cerner-kit/otel-harness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hl7Error } from '../errors.js';
import { ack, oru, SENTINEL } from './__fixtures__/mllp-test-utils.js';
import { createMllpClient, type MllpClient } from './client.js';
import { readMessageControlId } from './control-id.js';
import { createMllpServer, type MllpServer } from './server.js';

const otel = otelHarness();
const open: { close(): Promise<void> }[] = [];
beforeEach(() => otel.reset());
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function pair(
  code: 'AA' | 'AE' | 'AR',
  telemetry?: false,
): Promise<{ client: MllpClient; server: MllpServer; port: number }> {
  const server = createMllpServer({ onMessage: (m) => ack(readMessageControlId(m) ?? '', code) });
  open.push(server);
  const { port } = await server.listen();
  const client = createMllpClient({
    host: '127.0.0.1',
    port,
    responseTimeoutMs: 2000,
    ...(telemetry === false ? { telemetry } : {}),
  });
  open.push(client);
  return { client, server, port };
}

describe('MLLP client telemetry', () => {
  it('an HL7 send answered AE: hl7 send span, round-trip child, ACK code, error status', async () => {
    const { client, port } = await pair('AE');
    const reply = await client.send(oru('CK-1'));
    expect(reply).toContain('MSA|AE|CK-1');
    expect(treeOutline(otel.spans())).toEqual(['hl7 send ORU^R01^ORU_R01', '  mllp round-trip']);
    const send = otel.spans().find((s) => s.name.startsWith('hl7 send'))!;
    expect(send.attributes).toEqual({
      'server.address': '127.0.0.1',
      'server.port': port,
      'hl7.message_type': 'ORU^R01^ORU_R01',
      'hl7.control_id': 'CK-1',
      'hl7.version': '2.5.1',
      'hl7.return_ack': 'first',
      'hl7.ack_code': 'AE',
      'error.type': 'AE',
    });
    expect(send.status).toEqual({ code: 2, message: 'AE' });
    const rt = otel.spans().find((s) => s.name === 'mllp round-trip')!;
    expect(rt.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(rt.attributes['mllp.frame_bytes']).toBeGreaterThan(oru('CK-1').length);
    const acks = (await otel.metrics()).find((m) => m.descriptor.name === 'cerner.hl7.acks')!;
    expect(acks.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ 'hl7.message_type': 'ORU^R01^ORU_R01', 'hl7.ack_code': 'AE' }, 1],
    ]);
    expect(exportedText(otel.spans()).join('\n')).not.toContain(SENTINEL);
  });

  it('an AA is not an error; a refused connection is, with the Hl7Error code', async () => {
    const { client } = await pair('AA');
    await client.send(oru('CK-2'));
    expect(otel.spans().find((s) => s.name.startsWith('hl7 send'))!.status.code).toBe(0);
    await otel.reset();

    const { port } = await pair('AA');
    await open.pop()!.close(); // the client
    await open.pop()!.close(); // the server: nothing listens on port any more
    const lonely = createMllpClient({ host: '127.0.0.1', port, connectTimeoutMs: 2000 });
    open.push(lonely);
    const error = await lonely.send(oru('CK-3')).catch((e: unknown) => e);
    expect(Hl7Error.isInstance(error) && error.code).toBe('connection');
    expect(treeOutline(otel.spans())).toEqual(['hl7 send ORU^R01^ORU_R01 [exception]']);
    expect(otel.spans()[0]!.attributes['error.type']).toBe('connection');
  });

  it('telemetry: false records nothing; a bad telemetry option is refused', async () => {
    const { client } = await pair('AA', false);
    await client.send(oru('CK-4'));
    expect(otel.spans()).toEqual([]);
    expect(() =>
      createMllpClient({ host: '127.0.0.1', port: 1, telemetry: 'on' as unknown as false }),
    ).toThrow(/telemetry/);
  });
});
