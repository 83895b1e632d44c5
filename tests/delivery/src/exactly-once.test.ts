import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliveredIds,
  makeDelivery,
  seedPatients,
  setFaults,
  startMock,
  storedNoteTexts,
  testDatabase,
  type TestDelivery,
} from './harness.js';

const db = await testDatabase();
const NOTES = Number(process.env.CK_NOTES ?? 1000);

describe.skipIf(db.url === undefined)('exactly once through 503s and lost responses', () => {
  let env: Awaited<ReturnType<typeof startMock>>;
  let t: TestDelivery;
  beforeAll(async () => {
    env = await startMock();
  });
  afterAll(async () => {
    await t?.close();
    await env?.mock.close();
  });

  it(`${NOTES} notes, 30% of creates 503, 10% stored then the answer dropped: each stored once`, async () => {
    const pairs = seedPatients(env.mock, 40);
    await setFaults(env.mock, [
      { method: 'POST', path: 'DocumentReference', status: 503, probability: 0.3 },
      {
        method: 'POST',
        path: 'DocumentReference',
        drop: true,
        dropAfterStore: true,
        probability: 0.1 / 0.7,
      },
    ]);
    t = (await makeDelivery({
      cerner: env.client,
      retry: { baseDelayMs: 50, maxDelayMs: 400, reconcileDelayMs: 300 },
      attemptTimeoutMs: 10_000,
    }))!;
    await t.delivery.start({ concurrency: 4 });
    const ids: string[] = [];
    for (let b = 0; b < NOTES; b += 100) {
      const batch = Array.from({ length: Math.min(100, NOTES - b) }, (_, k) => {
        const [pid, eid] = pairs[(b + k) % pairs.length]!;
        return {
          kind: 'createClinicalNote' as const,
          input: { patientId: pid, encounterId: eid, text: `note ${b + k}` },
        };
      });
      ids.push(...(await t.delivery.enqueueMany(batch)).map((r) => r.id));
    }
    await t.until((ev) => deliveredIds(ev).size === NOTES);
    const texts = storedNoteTexts(
      env.mock,
      pairs.map((p) => p[0]),
    );
    const counts = new Map<string, number>();
    for (const x of texts) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect(counts.size).toBe(NOTES);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const paths = t.events.filter((e) => e.to === 'delivered').map((e) => e.step);
    // Both in-doubt paths were taken: found by reconciliation, and proven absent then resent.
    expect(paths).toContain('reconciled_found');
    expect(t.events.some((e) => e.to === 'dead')).toBe(false);
    const statuses = await Promise.all(ids.slice(0, 50).map((id) => t.delivery.status(id)));
    expect(statuses.every((s) => s?.state === 'delivered' && s.cernerId)).toBe(true);
  }, 120_000);
});
