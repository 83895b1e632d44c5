import { createDelivery } from '@cerner-kit/delivery';
import { createTestSchema, findTestDatabase } from '@cerner-kit/delivery/testing';
import { ALL_ACTION_SCOPES, createCernerClient } from '@cerner-kit/fhir-r4-actions';
import type { Encounter, Patient } from 'fhir/r4.js';
import { mockAuth } from '../mock-fixture.js';
import { startMockCerner } from '@cerner-kit/mock-cerner';
import { summarize } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

const row = (id: string, c: string): BenchRow => ({
  id,
  benchmark: 'delivery queue',
  case: c,
  oursLabel: '',
  ours: null,
  baselineLabel: '',
  baseline: null,
  ratio: null,
  ratioLabel: '',
  target: 'report only',
  met: null,
  notes: [],
});

/**
 * Notes through `@cerner-kit/delivery` (pg-boss on PostgreSQL, 4 handlers) vs direct
 * `createClinicalNote` calls (4 at a time) against one mock in the same run, and the time from
 * enqueue to delivery at a steady load. Needs PostgreSQL (DATABASE_URL or 127.0.0.1:5432); opt-in
 * (`--suite` or `--only delivery-queue`), never in CI.
 */
export const deliveryQueue: Benchmark = {
  id: 'delivery-queue',
  name: 'delivery queue',
  optIn: true,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const db = await findTestDatabase();
    if (db.url === undefined) {
      const r = row('delivery-queue', 'not measured');
      r.notes.push(db.skipReason ?? 'no PostgreSQL');
      return [r];
    }
    const running = await startMockCerner({ port: 0 });
    const { schema, drop } = await createTestSchema(db.url, 'ck_bench');
    const n = ctx.scale === 'tiny' ? 40 : 400;
    try {
      const client = createCernerClient({
        fhirBaseUrl: running.fhirBaseUrl,
        auth: mockAuth(running),
        scopes: ALL_ACTION_SCOPES,
      });
      const pairs: [string, string][] = [];
      for (let i = 0; i < 20; i++) {
        const patient: Patient = {
          resourceType: 'Patient',
          id: `66${i}`,
          name: [{ use: 'official', family: 'Bench', given: ['Q'] }],
        };
        const enc: Encounter = {
          resourceType: 'Encounter',
          id: `55${i}`,
          status: 'finished',
          class: { code: 'AMB' },
          subject: { reference: `Patient/66${i}` },
        };
        running.mock.state.store.put(patient);
        running.mock.state.store.put(enc);
        pairs.push([`66${i}`, `55${i}`]);
      }
      const note = (i: number, tag: string) => {
        const [patientId, encounterId] = pairs[i % pairs.length]!;
        return { patientId, encounterId, text: `${tag} ${i}` };
      };
      // Direct: 4 concurrent callers.
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < n) await client.createClinicalNote(note(next++, 'direct'));
        }),
      );
      const directPerS = n / ((performance.now() - t0) / 1000);

      const delivered = new Map<string, number>();
      let wake: () => void = () => undefined;
      const delivery = await createDelivery({
        connectionString: db.url,
        schema,
        cerner: client,
        pollingIntervalSeconds: 0.05,
        onDelivered: (d) => {
          delivered.set(d.id, performance.now());
          wake();
        },
      });
      try {
        await delivery.start({ concurrency: 4 });
        const waitFor = (count: number) =>
          new Promise<void>((resolve) => {
            wake = () => delivered.size >= count && resolve();
            wake();
          });
        const t1 = performance.now();
        await delivery.enqueueMany(
          Array.from({ length: n }, (_, i) => ({
            kind: 'createClinicalNote' as const,
            input: note(i, 'queued'),
          })),
        );
        await waitFor(n);
        const queuePerS = n / ((performance.now() - t1) / 1000);

        // Steady load: one note every 20 ms (50/s), enqueue -> onDelivered.
        const enqueuedAt = new Map<string, number>();
        const steady = ctx.scale === 'tiny' ? 20 : 200;
        for (let i = 0; i < steady; i++) {
          const at = performance.now();
          const { id } = await delivery.enqueue('createClinicalNote', note(i, 'steady'));
          enqueuedAt.set(id, at);
          await new Promise((r) => setTimeout(r, 20));
        }
        await waitFor(n + steady);
        const latencies = [...enqueuedAt].map(([id, at]) => delivered.get(id)! - at);
        const through = row(
          'delivery-queue.throughput',
          `${n} notes, 4 handlers vs 4 direct callers, one mock`,
        );
        through.oursLabel = 'enqueueMany + 4 handlers (pg-boss)';
        through.ours = summarize([queuePerS], 'notes/s');
        through.baselineLabel = 'createClinicalNote, 4 at a time';
        through.baseline = summarize([directPerS], 'notes/s');
        through.ratio = queuePerS / directPerS;
        through.ratioLabel = 'queue / direct (throughput)';
        const lat = row(
          'delivery-queue.latency',
          `enqueue -> delivered at 50 notes/s (${steady} notes)`,
        );
        lat.oursLabel = 'p50 (p90, max in the figure)';
        lat.ours = summarize(latencies, 'ms');
        const sorted = [...latencies].sort((a, b) => a - b);
        lat.notes.push(
          `p99 ${sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!.toFixed(1)} ms`,
        );
        return [through, lat];
      } finally {
        await delivery.stop();
      }
    } finally {
      await drop();
      await running.close();
      await db.stop();
    }
  },
};
