import autocannon from 'autocannon';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import { createMockCerner, SEED_IDS } from '@cerner-kit/mock-cerner';
import { measure, sink } from '../sampler.js';
import { spawnMock } from '../servers.js';
import { summarize, type Figure } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

/** A row with a fixed time target instead of a baseline run. */
function targetRow(
  id: string,
  label: string,
  ours: Figure,
  targetUs: number | undefined,
): BenchRow {
  const ratio = targetUs !== undefined ? ours.median / targetUs : null;
  return {
    id,
    benchmark: 'tenants',
    case: label,
    oursLabel: label,
    ours,
    baselineLabel: targetUs !== undefined ? `target ${targetUs / 1000} ms` : 'report',
    baseline: null,
    ratio,
    ratioLabel: 'ours / target (time)',
    target: targetUs !== undefined ? `< ${targetUs / 1000} ms` : 'report',
    met: ratio === null ? null : ratio < 1,
    notes: [],
  };
}

/** req/s of one autocannon run against a URL (fails on errors or non-2xx). */
async function rps(url: string, headers: Record<string, string>, tiny: boolean): Promise<number> {
  const r = await autocannon({
    url,
    headers,
    connections: 10,
    ...(tiny ? { amount: 50 } : { duration: 3 }),
  });
  if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) {
    throw new Error(`tenants: ${r.non2xx} non-2xx on ${url}`);
  }
  return r.requests.total / (r.duration || 1);
}

/**
 * Issue #11's rows: creating a tenant with the full seed (in process, `tenants.create`; its routers
 * are built on its first request), resetting one, restoring a snapshot, and the mock bin's
 * throughput on `GET Patient/{id}` of one tenant while it serves 100 tenants vs 1 (alternating runs).
 */
export const tenants: Benchmark = {
  id: 'tenants',
  name: 'tenants',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const tiny = ctx.scale === 'tiny';
    const opts = tiny
      ? { samples: 3, sampleMs: 2, warmupMs: 5 }
      : { samples: 21, sampleMs: 60, warmupMs: 300 };
    const mock = createMockCerner();
    const create = await measure(
      (n) => {
        for (let i = 0; i < n; i++) {
          const t = mock.tenants.create({});
          if ('field' in t) throw new Error(t.description);
          mock.tenants.delete(t.id);
        }
      },
      { ...opts, unit: 'µs/op' },
    );
    const t = mock.tenants.create({});
    if ('field' in t) throw new Error(t.description);
    const reset = await measure((n) => {
      for (let i = 0; i < n; i++) sink.ref = t.reset();
    }, opts);
    const snap = t.state.store.snapshot();
    const restore = await measure((n) => {
      for (let i = 0; i < n; i++) t.state.store.restore(snap);
    }, opts);

    // Throughput: one bin serving 1 tenant vs one serving 100, requests to one tenant.
    const one = await spawnMock();
    const hundred = await spawnMock();
    try {
      const target = (info: { fhirBaseUrl: string; tokenUrl: string }) => ({
        origin: new URL(info.fhirBaseUrl).origin,
        info,
      });
      const a = target(one.info);
      const b = target(hundred.info);
      for (let i = 0; i < 99; i++) {
        const r = await fetch(`${b.origin}/admin/tenants`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        if (r.status !== 201) throw new Error(`tenants: POST /admin/tenants answered ${r.status}`);
      }
      const made = (await (
        await fetch(`${b.origin}/admin/tenants`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        })
      ).json()) as {
        fhirBaseUrl: string;
        tokenUrl: string;
        clients: { clientId: string; clientSecret: string }[];
      };
      const token = async (tokenUrl: string, clientId: string, clientSecret: string) =>
        (
          await createBackendAuth({
            clientId,
            credentials: { clientSecret },
            tokenUrl,
            scopes: 'system/Patient.read',
          }).getToken()
        ).accessToken;
      const c = made.clients[0]!;
      const urlA = `${a.info.fhirBaseUrl}/Patient/${SEED_IDS.patients.smartJoe}`;
      const urlB = `${made.fhirBaseUrl}/Patient/${SEED_IDS.patients.smartJoe}`;
      const hA = {
        authorization: `Bearer ${await token(a.info.tokenUrl, 'cerner-kit-default-system-client', 'mock-sandbox-secret')}`,
        accept: 'application/fhir+json',
      };
      const hB = {
        authorization: `Bearer ${await token(made.tokenUrl, c.clientId, c.clientSecret)}`,
        accept: 'application/fhir+json',
      };
      if (!tiny) {
        await rps(urlA, hA, false);
        await rps(urlB, hB, false);
      }
      const ones: number[] = [];
      const hundreds: number[] = [];
      for (let i = 0; i < (tiny ? 1 : 4); i++) {
        if (i % 2 === 0) {
          ones.push(await rps(urlA, hA, tiny));
          hundreds.push(await rps(urlB, hB, tiny));
        } else {
          hundreds.push(await rps(urlB, hB, tiny));
          ones.push(await rps(urlA, hA, tiny));
        }
      }
      const o = summarize(hundreds, 'req/s');
      const base = summarize(ones, 'req/s');
      const ratio = o.median / base.median;
      return [
        targetRow(
          'tenants.create',
          'create a tenant with the full seed (in process)',
          create,
          5000,
        ),
        targetRow('tenants.reset', 'reset a tenant with the full seed', reset, 50_000),
        targetRow('tenants.restore', 'restore a store snapshot (full seed)', restore, undefined),
        {
          id: 'tenants.throughput',
          benchmark: 'tenants',
          case: 'GET Patient/{id} of one tenant, autocannon 10 connections, bin with 100 tenants vs 1',
          oursLabel: 'bin serving 100 tenants',
          ours: o,
          baselineLabel: 'bin serving 1 tenant',
          baseline: base,
          ratio,
          ratioLabel: '100 tenants / 1 (req/s)',
          target: '>= 0.9',
          met: ratio >= 0.9,
          notes: ['A request finds its tenant with one Map lookup on the path segment.'],
        },
      ];
    } finally {
      await one.stop();
      await hundred.stop();
    }
  },
};
