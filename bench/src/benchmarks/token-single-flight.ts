import { performance } from 'node:perf_hooks';
import { createCernerClient } from '@cerner-kit/fhir-r4-actions';
import { SEED_IDS, startMockCerner } from '@cerner-kit/mock-cerner';
import { BENCH_SCOPES, mockAuth } from '../mock-fixture.js';
import { summarize } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

/** A fetch that counts requests to one URL. */
function countingFetch(tokenUrl: string): { fetch: typeof fetch; count: () => number } {
  let n = 0;
  const f: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === tokenUrl) n++;
    return globalThis.fetch(input, init);
  };
  return { fetch: f, count: () => n };
}

/**
 * 1,000 concurrent `getPatient` on a cold token cache: how many token requests reach the token
 * endpoint (counted by a wrapping fetch and by the mock's HTTP server). The
 * baseline is a naive cache (check, then fetch, no single flight) asked 1,000 times at once.
 */
export const tokenSingleFlight: Benchmark = {
  id: 'token-single-flight',
  name: 'token single flight',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const actions = ctx.scale === 'tiny' ? 20 : 1000;
    const reps = ctx.scale === 'tiny' ? 2 : 5;
    const running = await startMockCerner({ port: 0 });
    try {
      // Server-side count: every request the mock's HTTP server receives on the token path.
      const tokenPath = new URL(running.tokenUrl).pathname;
      let serverSeen = 0;
      running.server.on('request', (req: { url?: string }) => {
        if (req.url?.split('?')[0] === tokenPath) serverSeen++;
      });
      const oursCounts: number[] = [];
      const oursLogCounts: number[] = [];
      const oursMs: number[] = [];
      const baseCounts: number[] = [];
      for (let r = 0; r < reps; r++) {
        serverSeen = 0;
        const counter = countingFetch(running.tokenUrl);
        const auth = mockAuth(running, counter.fetch);
        const client = createCernerClient({
          fhirBaseUrl: running.fhirBaseUrl,
          auth,
          scopes: [...BENCH_SCOPES],
          fetch: counter.fetch,
        });
        const t0 = performance.now();
        const results = await Promise.all(
          Array.from({ length: actions }, () =>
            client.getPatient({ patientId: SEED_IDS.patients.smartJoe }),
          ),
        );
        oursMs.push(performance.now() - t0);
        if (results.some((p) => p.id !== SEED_IDS.patients.smartJoe)) {
          throw new Error('token single flight: a read returned another patient');
        }
        oursCounts.push(counter.count());
        oursLogCounts.push(serverSeen);

        // Baseline: a cache without single flight. Every caller sees an empty cache and fetches.
        const naive = countingFetch(running.tokenUrl);
        const naiveAuth = () => mockAuth(running, naive.fetch);
        const cache = new Map<string, string>();
        await Promise.all(
          Array.from({ length: actions }, async () => {
            const hit = cache.get('k');
            if (hit !== undefined) return hit;
            const t = await naiveAuth().getToken();
            cache.set('k', t.accessToken);
            return t.accessToken;
          }),
        );
        baseCounts.push(naive.count());
        ctx.log(
          `  rep ${r + 1}/${reps}: ours ${oursCounts.at(-1)} token request(s) (mock server saw ${oursLogCounts.at(-1)}), naive ${baseCounts.at(-1)}`,
        );
      }
      const worst = Math.max(...oursCounts, ...oursLogCounts);
      const ours = summarize(oursCounts, 'token requests');
      return [
        {
          id: 'token-single-flight',
          benchmark: 'token single flight',
          case: `${actions.toLocaleString('en-US')} concurrent getPatient, cold cache`,
          oursLabel: 'createBackendAuth + createCernerClient',
          ours,
          baselineLabel: 'naive cache (check, then fetch)',
          baseline: summarize(baseCounts, 'token requests'),
          ratio: null,
          ratioLabel: 'n/a (count)',
          target: 'exactly 1',
          met: worst === 1 && Math.min(...oursCounts) === 1,
          notes: [
            `${reps} repetitions, each with a fresh auth (cold cache); max token requests seen: ${worst} (counted by a wrapping fetch and by the mock's HTTP server, which agree: ${oursCounts.every((c, i) => c === oursLogCounts[i])}).`,
            `Wall time for the ${actions.toLocaleString('en-US')} reads: median ${summarize(oursMs, 'ms').median.toFixed(0)} ms.`,
          ],
        },
      ];
    } finally {
      await running.close();
    }
  },
};
