import { performance } from 'node:perf_hooks';
import { SANDBOX_MRN_SYSTEM } from '@cerner-kit/mock-cerner';
import type { Patient } from 'fhir/r4.js';
import { compare, measure, sink } from '../sampler.js';
import { startMockFixture, type MockFixture } from '../mock-fixture.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

const NAME = [{ use: 'official' as const, family: 'BENCH', given: ['PATIENT'] }];

/** Loads `count` small patients (ids and MRNs from `base`) through the store API, not HTTP. */
function loadPatients(fx: MockFixture, count: number, base: number): number {
  const store = fx.running.mock.state.store;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const p: Patient = {
      resourceType: 'Patient',
      id: String(base + i),
      active: true,
      identifier: [{ use: 'usual', system: SANDBOX_MRN_SYSTEM, value: String(base + i) }],
      name: NAME,
      gender: i % 2 === 0 ? 'female' : 'male',
    };
    store.put(p);
  }
  return performance.now() - t0;
}

/** A batch of `Patient?identifier=system|mrn` over HTTP for MRNs spread over the whole store. */
function searches(fx: MockFixture, count: number, base: number): (n: number) => Promise<void> {
  const headers = { Accept: 'application/fhir+json', Authorization: `Bearer ${fx.accessToken}` };
  const prefix = `${fx.running.fhirBaseUrl}/Patient?identifier=${encodeURIComponent(`${SANDBOX_MRN_SYSTEM}|`)}`;
  // A fixed pseudo-random walk over the MRNs (the same sequence on every run).
  let x = 12345;
  return async (n: number) => {
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const mrn = base + (x % count);
      const res = await fetch(prefix + mrn, { headers });
      const bundle = (await res.json()) as { entry?: { resource: Patient }[] };
      if (bundle.entry?.[0]?.resource.id !== String(mrn)) {
        throw new Error(`MRN search: ${mrn} not found (HTTP ${res.status})`);
      }
      sink.ref = bundle;
    }
  };
}

/**
 * `GET Patient?identifier=system|value` latency with 1,000,000 patients in the store vs 1,000.
 * The small store is measured alone first; then the large one is loaded (store API) and both are
 * measured alternately in the same heap, so the ratio isolates the search from process effects.
 */
export const mrnScaling: Benchmark = {
  id: 'mrn-scaling',
  name: 'MRN search scaling',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const tiny = ctx.scale === 'tiny';
    const small = 1_000;
    const large = tiny ? 20_000 : 1_000_000;
    const opts = tiny
      ? { samples: 3, sampleMs: 5, warmupMs: 10 }
      : { samples: 21, sampleMs: 150, warmupMs: 800 };
    const smallFx = await startMockFixture({ seed: false });
    const largeFx = await startMockFixture({ seed: false });
    try {
      loadPatients(smallFx, small, 30_000_000);
      const alone = await measure(searches(smallFx, small, 30_000_000), opts);
      const heapBefore = process.memoryUsage().heapUsed;
      const loadMs = loadPatients(largeFx, large, 40_000_000);
      const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
      ctx.log(
        `  loaded ${large.toLocaleString('en-US')} patients in ${(loadMs / 1000).toFixed(1)} s (+${heapMb.toFixed(0)} MB heap)`,
      );
      const r = await compare(
        searches(largeFx, large, 40_000_000),
        searches(smallFx, small, 30_000_000),
        opts,
      );
      const ratio = r.ours.median / r.baseline.median;
      const crossPhase = r.ours.median / alone.median;
      return [
        {
          id: 'mrn-scaling',
          benchmark: 'MRN search scaling',
          case: `Patient?identifier=system|value over HTTP, ${large.toLocaleString('en-US')} vs ${small.toLocaleString('en-US')} patients`,
          oursLabel: `${large.toLocaleString('en-US')} patients in the store`,
          ours: r.ours,
          baselineLabel: `${small.toLocaleString('en-US')} patients in the store`,
          baseline: r.baseline,
          ratio,
          ratioLabel: 'large / small (latency)',
          target: '<= 1.5 (indexed, not a scan)',
          met: ratio <= 1.5 && crossPhase <= 1.5,
          notes: [
            `Loaded ${large.toLocaleString('en-US')} patients with store.put() in ${(loadMs / 1000).toFixed(1)} s (+${heapMb.toFixed(0)} MB heap).`,
            `Small store measured alone before the load: median ${alone.median.toFixed(1)} µs; large (after) / small (before) = ${crossPhase.toFixed(2)}.`,
          ],
        },
      ];
    } finally {
      await smallFx.close();
      await largeFx.close();
    }
  },
};
