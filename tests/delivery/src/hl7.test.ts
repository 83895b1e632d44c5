import { createMllpClient, type MllpClient } from '@cerner-kit/hl7-adapters';
import { SEED_IDS, type MllpLogEntry } from '@cerner-kit/mock-cerner';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeDelivery, setFaults, startMock, testDatabase, type TestDelivery } from './harness.js';

const db = await testDatabase();
const MRN = SEED_IDS.mrns['12724066'];

describe.skipIf(db.url === undefined)('HL7 note sends over MLLP', () => {
  let env: Awaited<ReturnType<typeof startMock>>;
  let t: TestDelivery;
  let mllp: MllpClient;
  beforeAll(async () => {
    env = await startMock();
    mllp = createMllpClient({
      host: '127.0.0.1',
      port: env.mock.mllpPort!,
      connectTimeoutMs: 1000,
    });
    t = (await makeDelivery({
      cerner: env.client,
      mllp,
      hl7TimeoutMs: 400,
      retry: { baseDelayMs: 50, maxDelayMs: 200 },
    }))!;
    await t.delivery.start({ concurrency: 2 });
  });
  afterAll(async () => {
    await t?.close();
    await mllp?.close();
    await env?.mock.close();
  });
  beforeEach(() => env.mock.mock.state.requestLog.clear());

  const sent = (controlId: string): MllpLogEntry[] =>
    (env.mock.mock.state.requestLog.entries() as MllpLogEntry[]).filter(
      (e) => e.protocol === 'mllp' && e.controlId === controlId,
    );

  async function deliverThrough(
    rule: Record<string, unknown>,
    message: 'ORU^R01' | 'MDM^T02' = 'ORU^R01',
  ) {
    await setFaults(env.mock, [{ protocol: 'mllp', times: 1, ...rule } as never]);
    const { id, controlId } = await t.delivery.enqueue('hl7', {
      message,
      mrn: MRN,
      text: `hl7 ${JSON.stringify(rule)}`,
    });
    await t.until((ev) => ev.some((e) => e.id === id && (e.to === 'delivered' || e.to === 'dead')));
    return { id, controlId, status: (await t.delivery.status(id))! };
  }

  for (const [name, rule] of [
    ['a dropped connection', { drop: true }],
    ['an AE answer', { ack: 'AE' }],
    ['no answer at all', { noReply: true }],
    ['an ACK lost after the message was stored', { drop: true, dropAfterStore: true }],
  ] as const) {
    it(`${name}: the same text with the same MSH-10 is resent, and stored once`, async () => {
      const { controlId, status } = await deliverThrough(rule);
      expect(status.state).toBe('delivered');
      expect(status.ackCode).toBe('AA');
      expect(status.controlId).toBe(controlId);
      expect(status.path.at(-1)).toBe('hl7_resent');
      const tries = sent(controlId);
      expect(tries.length).toBeGreaterThanOrEqual(2);
      expect(new Set(tries.map((e) => e.bytes)).size).toBe(1); // the same message each time
      const docs = new Set(tries.map((e) => e.documentReferenceId).filter(Boolean));
      expect(docs.size).toBe(1);
    });
  }

  it('MDM^T02 is delivered too', async () => {
    const { status } = await deliverThrough({ messageType: 'QRY^A19', ack: 'AE' }, 'MDM^T02');
    expect(status.state).toBe('delivered');
    expect(status.path).toEqual(['sent']);
  });

  it('AR goes to dead letters with the ERR text and is never retried', async () => {
    const { id, controlId, status } = await deliverThrough({ ack: 'AR' });
    expect(status.state).toBe('dead');
    expect(status.ackCode).toBe('AR');
    expect(status.error?.code).toBe('ack_AR');
    expect(status.error?.text).toMatch(/207/);
    expect(status.attempts).toBe(1);
    expect(sent(controlId)).toHaveLength(1);
    expect((await t.delivery.list('dead')).map((s) => s.id)).toContain(id);
    // An operator's retryDead resends the same frozen message (the fault is spent).
    await t.delivery.retryDead(id);
    await t.until((ev) => ev.some((e) => e.id === id && e.to === 'delivered'));
    expect(sent(controlId).length).toBe(2);
  });
});
