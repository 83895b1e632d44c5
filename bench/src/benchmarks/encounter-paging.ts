import type { Encounter, Patient } from 'fhir/r4.js';
import { compare, measure, sink } from '../sampler.js';
import { scaleFigure } from '../stats.js';
import { startMockFixture, type MockFixture } from '../mock-fixture.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

/** A patient with `count` encounters (one a day from 2020-01-01), stored through the store API. */
function loadPatientWithEncounters(
  fx: MockFixture,
  patientId: string,
  count: number,
  firstId: number,
): void {
  const store = fx.running.mock.state.store;
  const patient: Patient = {
    resourceType: 'Patient',
    id: patientId,
    active: true,
    name: [{ family: 'PAGED', given: ['PATIENT'] }],
  };
  store.put(patient);
  const day = 86_400_000;
  const t0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < count; i++) {
    const start = new Date(t0 + i * day).toISOString();
    const e: Encounter = {
      resourceType: 'Encounter',
      id: String(firstId + i),
      status: 'finished',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'AMB',
        display: 'ambulatory',
      },
      subject: { reference: `Patient/${patientId}` },
      period: { start, end: new Date(t0 + i * day + 3_600_000).toISOString() },
    };
    store.put(e);
  }
}

/**
 * `getPatientEncounters` over 1,000 encounters (100 pages of Cerner's 10) vs one page of them
 * (`client.request` of the first page, the same HTTP layer). Also 250 encounters, to check that
 * the cost per page stays flat (linear growth).
 */
export const encounterPaging: Benchmark = {
  id: 'encounter-paging',
  name: 'encounter paging',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const tiny = ctx.scale === 'tiny';
    const big = tiny ? 40 : 1000;
    const quarter = big / 4;
    const fx = await startMockFixture({ seed: false });
    try {
      const pageSize = fx.running.mock.state.encounterPageSize;
      loadPatientWithEncounters(fx, '70000001', big, 80_000_000);
      loadPatientWithEncounters(fx, '70000002', quarter, 90_000_000);
      const all = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          const list = await fx.client.getPatientEncounters({ patientId: '70000001' });
          if (list.length !== big) {
            throw new Error(`encounter paging: got ${list.length} of ${big}`);
          }
          sink.ref = list;
        }
      };
      const quarterAll = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          sink.ref = await fx.client.getPatientEncounters({ patientId: '70000002' });
        }
      };
      const onePage = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          sink.ref = await fx.client.request({ method: 'GET', path: 'Encounter?patient=70000001' });
        }
      };
      const opts = tiny
        ? { samples: 3, sampleMs: 5, warmupMs: 10 }
        : { samples: 11, sampleMs: 300, warmupMs: 1000 };
      const r = await compare(all, onePage, { ...opts, unit: 'µs' });
      const q = await measure(quarterAll, { ...opts, unit: 'µs' });
      const pages = Math.ceil(big / pageSize);
      const qPages = Math.ceil(quarter / pageSize);
      const ratio = r.ours.median / r.baseline.median;
      const perPage = r.ours.median / pages;
      const perPageQ = q.median / qPages;
      return [
        {
          id: 'encounter-paging',
          benchmark: 'encounter paging',
          case: `getPatientEncounters, ${big.toLocaleString('en-US')} encounters = ${pages} pages of ${pageSize}`,
          oursLabel: `all ${pages} pages`,
          ours: scaleFigure(r.ours, 0.001, 'ms'),
          baselineLabel: 'one page (client.request)',
          baseline: scaleFigure(r.baseline, 0.001, 'ms'),
          ratio,
          ratioLabel: 'all pages / one page (time)',
          target: 'grows linearly, report',
          met: null,
          notes: [
            `Per page: ${(perPage / 1000).toFixed(3)} ms at ${pages} pages vs ${(perPageQ / 1000).toFixed(3)} ms at ${qPages} pages (${quarter} encounters): ratio ${(perPage / perPageQ).toFixed(2)} (1.0 = linear).`,
            `all pages / (pages × one page) = ${(ratio / pages).toFixed(2)}.`,
          ],
        },
      ];
    } finally {
      await fx.close();
    }
  },
};
