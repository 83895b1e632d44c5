import type { AccessToken } from '@cerner-kit/smart-auth';
import { compare, sink } from '../sampler.js';
import { startMockFixture, BENCH_SCOPES } from '../mock-fixture.js';
import { scaleFigure } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

/**
 * `getToken()` with a valid cached token vs a `Map.get` of the same cached promise. Both return a
 * promise the caller awaits; the await itself (identical on both sides) is left out so the
 * difference is not drowned. Also reported: `getToken('system/Patient.read system/Encounter.read')`
 * (an explicit scope string) against the same baseline.
 */
export const warmToken: Benchmark = {
  id: 'warm-token',
  name: 'warm token cost',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const fx = await startMockFixture({ seed: false });
    try {
      const auth = fx.auth;
      const scopeString = BENCH_SCOPES.join(' ');
      await auth.getToken(scopeString);
      const cache = new Map<string, Promise<AccessToken>>([[scopeString, auth.getToken()]]);
      const key = scopeString;
      const opts =
        ctx.scale === 'tiny'
          ? { samples: 3, sampleMs: 2, warmupMs: 5 }
          : { samples: 21, sampleMs: 40, warmupMs: 300 };
      const ours = (n: number): void => {
        let last: unknown;
        for (let i = 0; i < n; i++) last = auth.getToken();
        sink.ref = last;
      };
      const oursScoped = (n: number): void => {
        let last: unknown;
        for (let i = 0; i < n; i++) last = auth.getToken(scopeString);
        sink.ref = last;
      };
      const baseline = (n: number): void => {
        let last: unknown;
        for (let i = 0; i < n; i++) last = cache.get(key);
        sink.ref = last;
      };
      const def = await compare(ours, baseline, opts);
      const scoped = await compare(oursScoped, baseline, opts);
      const ns = (f: typeof def.ours) => scaleFigure(f, 1000, 'ns/op');
      const row = (id: string, label: string, r: typeof def, targeted: boolean): BenchRow => {
        const ratio = r.ours.median / r.baseline.median;
        return {
          id,
          benchmark: 'warm token cost',
          case: label,
          oursLabel: label,
          ours: ns(r.ours),
          baselineLabel: 'Map.get of the cached promise',
          baseline: ns(r.baseline),
          ratio,
          ratioLabel: 'ours / baseline (time)',
          target: targeted ? 'under 100 ns' : 'report (extra case, not in the issue)',
          met: targeted ? ns(r.ours).median < 100 : null,
          notes: targeted
            ? [
                'The await both sides need is left out of both (it costs the same on each).',
                'Target per issue 15: one token-cache code path for every clock, so each warm hit reads the clock once (Date.now() or the injected now()); that costs more than a bare Map.get, and stays under 100 ns, far below any request.',
              ]
            : [
                'An explicit scope string costs a Map lookup (the string -> cache entry alias) plus the freshness check, so it is at least one Map lookup by construction; ' +
                  'the absolute extra is a few ns per call, under 0.001% of one FHIR request (client overhead row).',
              ],
        };
      };
      return [
        row('warm-token.default', 'getToken() (default scopes), warm', def, true),
        row('warm-token.scoped', 'getToken(scope string), warm', scoped, false),
      ];
    } finally {
      await fx.close();
    }
  },
};
