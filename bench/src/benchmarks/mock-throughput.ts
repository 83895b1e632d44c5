import autocannon from 'autocannon';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import { DEFAULT_CLIENT, SEED_IDS } from '@cerner-kit/mock-cerner';
import { spawnBareExpress, spawnMock } from '../servers.js';
import { summarize } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  /** Seconds; or `amount` requests when `amount` is set. */
  duration: number;
  amount?: number;
}

/** One autocannon run; fails on any error or non-2xx answer. Returns requests per second. */
async function load(o: LoadOptions): Promise<number> {
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.duration }),
    ...(o.headers ? { headers: o.headers } : {}),
  });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `autocannon: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts on ${o.url}`,
    );
  }
  return result.requests.total / (result.duration || 1);
}

/**
 * Patient read on the mock (built bin, its own process) vs a bare Express 5 process returning the
 * same JSON bytes; autocannon in this process with the same connections and duration. Runs
 * alternate after a warm-up of each server.
 */
export const mockThroughput: Benchmark = {
  id: 'mock-throughput',
  name: 'mock throughput',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const tiny = ctx.scale === 'tiny';
    const connections = 10;
    const duration = 3;
    const runs = tiny ? 1 : 4;
    const mock = await spawnMock();
    try {
      const auth = createBackendAuth({
        clientId: DEFAULT_CLIENT.clientId,
        credentials: { clientSecret: DEFAULT_CLIENT.clientSecret },
        tokenUrl: mock.info.tokenUrl,
        scopes: 'system/Patient.read',
      });
      const { accessToken } = await auth.getToken();
      const mockUrl = `${mock.info.fhirBaseUrl}/Patient/${SEED_IDS.patients.smartJoe}`;
      const headers = { authorization: `Bearer ${accessToken}`, accept: 'application/fhir+json' };
      const res = await fetch(mockUrl, { headers });
      if (!res.ok) throw new Error(`mock throughput: GET Patient answered ${res.status}`);
      const body = await res.text();
      const bare = await spawnBareExpress(body);
      try {
        const bareUrl = `${bare.info.url}${new URL(mockUrl).pathname}`;
        if ((await (await fetch(bareUrl)).text()) !== body) {
          throw new Error('mock throughput: bare server body differs');
        }
        const common = { connections, duration, ...(tiny ? { amount: 50 } : {}) };
        // Warm-up: 3 s each (JIT on both servers and in autocannon; the mock also has the garbage
        // of its start-up to collect).
        if (!tiny) {
          await load({ url: mockUrl, headers, connections, duration: 3 });
          await load({ url: bareUrl, headers, connections, duration: 3 });
        }
        const ours: number[] = [];
        const base: number[] = [];
        for (let i = 0; i < runs; i++) {
          const a = () => load({ url: mockUrl, headers, ...common }).then((v) => ours.push(v));
          const b = () => load({ url: bareUrl, headers, ...common }).then((v) => base.push(v));
          if (i % 2 === 0) {
            await a();
            await b();
          } else {
            await b();
            await a();
          }
          ctx.log(
            `  run ${i + 1}/${runs}: mock ${ours.at(-1)?.toFixed(0)} req/s, bare ${base.at(-1)?.toFixed(0)} req/s`,
          );
        }
        const o = summarize(ours, 'req/s');
        const b = summarize(base, 'req/s');
        const ratio = o.median / b.median;
        return [
          {
            id: 'mock-throughput',
            benchmark: 'mock throughput',
            case: `GET Patient/{id} with a bearer token, autocannon ${connections} connections × ${tiny ? '50 requests' : `${duration} s`}, ${runs} runs`,
            oursLabel: 'mock-cerner (bin, own process)',
            ours: o,
            baselineLabel: 'bare Express 5 handler, same JSON (own process)',
            baseline: b,
            ratio,
            ratioLabel: 'ours / bare (req/s)',
            target: '>= 0.5',
            met: ratio >= 0.5,
            notes: [
              `Response body ${body.length} bytes on both; the mock also sends Cerner's headers (request ids, CORS, ETag, Last-Modified), checks the bearer token and scope, and logs the request.`,
              ...(ratio >= 0.5
                ? []
                : [
                    'Below target: profile the bin under this load with node --cpu-prof (see bench/README.md, Findings).',
                  ]),
            ],
          },
        ];
      } finally {
        await bare.stop();
      }
    } finally {
      await mock.stop();
    }
  },
};
