import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createBackendAuth, type BackendAuth } from '@cerner-kit/smart-auth';
import { DEFAULT_CLIENT, startMockCerner } from '@cerner-kit/mock-cerner';
import { createRedisTokenStore } from '@cerner-kit/token-store-redis';
import { redisForTests } from '@cerner-kit/token-store-redis/testing';
import { BENCH_SCOPES } from '../mock-fixture.js';
import { compare, sink } from '../sampler.js';
import { scaleFigure, summarize } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

const NAME = 'shared token store';

/** The worker beside this file's directory: `.ts` when run from sources (tests), `.js` from dist. */
const WORKER = fileURLToPath(
  new URL(
    import.meta.url.endsWith('.ts') ? '../shared-token-worker.ts' : '../shared-token-worker.js',
    import.meta.url,
  ),
);

function ask(child: ChildProcess, m: object): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('message', (r: { ok: boolean; error?: string }) =>
      r.ok ? resolve() : reject(new Error(`worker failed: ${r.error}`)),
    );
    child.send(m);
  });
}

function skipped(id: string, label: string, target: string, why: string): BenchRow {
  return {
    id,
    benchmark: NAME,
    case: label,
    oursLabel: label,
    ours: null,
    baselineLabel: 'n/a',
    baseline: null,
    ratio: null,
    ratioLabel: 'n/a',
    target,
    met: null,
    notes: [why],
  };
}

/**
 * The Redis token store (`@cerner-kit/token-store-redis`): a warm `getToken()` served by the L1
 * in front of Redis vs the default in-memory store, and token requests per token lifetime for a
 * fleet of real processes sharing Redis (counted by the mock's HTTP server; the clock is shared
 * and moved by the parent, so a "lifetime" takes no wall time).
 */
export const sharedToken: Benchmark = {
  id: 'shared-token',
  name: NAME,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const redis = await redisForTests();
    const warmLabel = 'getToken() warm, Redis store (L1 hit)';
    const fleetLabel = 'token requests per lifetime, processes sharing Redis';
    if ('skip' in redis) {
      return [
        skipped('shared-token.warm', warmLabel, '<= 1.1x in-memory', redis.skip),
        skipped('shared-token.fleet', fleetLabel, '1', redis.skip),
      ];
    }
    const clock = { ms: Date.now() };
    const running = await startMockCerner({ port: 0, now: () => clock.ms, seed: false });
    const tokenPath = new URL(running.tokenUrl).pathname;
    let tokenRequests = 0;
    running.server.on('request', (req: { url?: string }) => {
      if (req.url?.split('?')[0] === tokenPath) tokenRequests += 1;
    });
    const prefix = `ck:bench:${randomUUID()}:`;
    const encryptionKey = randomBytes(32).toString('base64');
    const store = createRedisTokenStore({ url: redis.url, encryptionKey, prefix });
    const children: ChildProcess[] = [];
    try {
      // Row 1: warm getToken, Redis store vs in-memory (both L1 hits).
      const base = {
        clientId: DEFAULT_CLIENT.clientId,
        credentials: { clientSecret: DEFAULT_CLIENT.clientSecret },
        tokenUrl: running.tokenUrl,
        scopes: [...BENCH_SCOPES],
      };
      const withRedis: BackendAuth = createBackendAuth({ ...base, tokenStore: store });
      const inMemory: BackendAuth = createBackendAuth(base);
      await withRedis.getToken();
      await inMemory.getToken();
      const opts =
        ctx.scale === 'tiny'
          ? { samples: 3, sampleMs: 2, warmupMs: 5 }
          : { samples: 21, sampleMs: 40, warmupMs: 300 };
      const batch = (auth: BackendAuth) => (n: number) => {
        let last: unknown;
        for (let i = 0; i < n; i++) last = auth.getToken();
        sink.ref = last;
      };
      const warm = await compare(batch(withRedis), batch(inMemory), opts);
      const ratio = warm.ours.median / warm.baseline.median;

      // Row 2: a fleet of processes over several token lifetimes.
      const processes = ctx.scale === 'tiny' ? 2 : 8;
      const lifetimes = ctx.scale === 'tiny' ? 1 : 3;
      const calls = ctx.scale === 'tiny' ? 5 : 100;
      for (let i = 0; i < processes; i++) {
        children.push(fork(WORKER, [], { execArgv: ['--no-warnings'] }));
      }
      await Promise.all(
        children.map((c) =>
          ask(c, {
            type: 'start',
            redisUrl: redis.url,
            encryptionKey,
            prefix: `${prefix}fleet:`,
            tokenUrl: running.tokenUrl,
            clientId: DEFAULT_CLIENT.clientId,
            clientSecret: DEFAULT_CLIENT.clientSecret,
            scopes: [...BENCH_SCOPES],
            clockMs: clock.ms,
          }),
        ),
      );
      const perLifetime: number[] = [];
      for (let l = 0; l < lifetimes; l++) {
        const before = tokenRequests;
        clock.ms += 570_000; // one full lifetime: every process's token is stale
        await Promise.all(children.map((c) => ask(c, { type: 'tick', clockMs: clock.ms, calls })));
        perLifetime.push(tokenRequests - before);
        ctx.log(
          `  lifetime ${l + 1}/${lifetimes}: ${perLifetime.at(-1)} token request(s) for ${processes} processes`,
        );
      }
      const fleet = summarize(perLifetime, 'token requests');
      return [
        {
          id: 'shared-token.warm',
          benchmark: NAME,
          case: warmLabel,
          oursLabel: warmLabel,
          ours: scaleFigure(warm.ours, 1000, 'ns/op'),
          baselineLabel: 'getToken() warm, default in-memory store',
          baseline: scaleFigure(warm.baseline, 1000, 'ns/op'),
          ratio,
          ratioLabel: 'Redis / in-memory (time)',
          target: '<= 1.1',
          met: ratio <= 1.1,
          notes: [
            'Both are served by the same in-process L1 (one code path); Redis is only read on an L1 miss.',
          ],
        },
        {
          id: 'shared-token.fleet',
          benchmark: NAME,
          case: `${processes} processes x ${calls} concurrent getToken(), ${lifetimes} lifetime(s)`,
          oursLabel: 'createBackendAuth + createRedisTokenStore, one per process',
          ours: fleet,
          baselineLabel: 'without a shared store: one per process',
          baseline: summarize([processes], 'token requests'),
          ratio: null,
          ratioLabel: 'n/a (count)',
          target: '1',
          met: perLifetime.every((n) => n === 1),
          notes: [
            `Counted by the mock's HTTP server; per lifetime: ${perLifetime.join(', ')}. Real child processes (child_process.fork), Redis from ${redis.source}.`,
          ],
        },
      ];
    } finally {
      await Promise.all(
        children.map(async (c) => {
          if (c.connected) await ask(c, { type: 'stop' }).catch(() => undefined);
          c.kill();
        }),
      );
      await store.close();
      await running.close();
      await redis.stop();
    }
  },
};
