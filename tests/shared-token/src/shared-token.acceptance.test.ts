import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@redis/client';
import { createMockCerner, SEED_IDS, type MockCerner } from '@cerner-kit/mock-cerner';
import { createRedisTokenStore } from '@cerner-kit/token-store-redis';
import {
  redisForTests,
  startThrowawayRedis,
  type RedisForTests,
  type ThrowawayRedis,
} from '@cerner-kit/token-store-redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from './fleet.js';

const PROCESSES = 8;
const COLD_CALLS = 500;
const CALLS = 100;
const PATIENT = SEED_IDS.patients.smartJoe;

const found = await redisForTests();
if ('skip' in found) console.log(found.skip);
const redis = 'skip' in found ? undefined : (found as RedisForTests);

/** The mock on a real port, its clock shared with the fleet, token requests counted by its server. */
async function startMock(): Promise<{
  mock: MockCerner;
  server: Server;
  clock: { ms: number };
  urls: { fhirBaseUrl: string; tokenUrl: string };
  tokenRequests: () => number;
}> {
  const clock = { ms: Date.now() };
  const mock = createMockCerner({ now: () => clock.ms });
  const server = mock.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const urls = mock.urls(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const tokenPath = new URL(urls.tokenUrl).pathname;
  let n = 0;
  server.on('request', (req: { url?: string }) => {
    if (req.url?.split('?')[0] === tokenPath) n += 1;
  });
  return { mock, server, clock, urls, tokenRequests: () => n };
}

async function startAll(
  fleet: Fleet,
  m: Awaited<ReturnType<typeof startMock>>,
  redisUrl: string,
  prefix: string,
  key: string,
): Promise<void> {
  await fleet.all({
    type: 'start',
    redisUrl,
    encryptionKey: key,
    prefix,
    tokenUrl: m.urls.tokenUrl,
    fhirBaseUrl: m.urls.fhirBaseUrl,
    clientId: m.mock.defaultClient!.clientId,
    clientSecret: m.mock.defaultClient!.clientSecret!,
    clockMs: m.clock.ms,
  });
}

async function removeKeys(url: string, prefix: string): Promise<void> {
  const raw = createClient({ url });
  await raw.connect();
  for await (const keys of raw.scanIterator({ MATCH: `${prefix}*` })) {
    if (keys.length > 0) await raw.del(keys);
  }
  await raw.close();
}

describe.skipIf(redis === undefined)(
  `${PROCESSES} processes sharing Redis (real child processes, the mock's token endpoint)`,
  () => {
    const prefix = `ck:test:${randomUUID()}:`;
    const key = randomBytes(32).toString('base64');
    let m: Awaited<ReturnType<typeof startMock>>;
    let fleet: Fleet;

    beforeAll(async () => {
      m = await startMock();
      fleet = startFleet(PROCESSES);
      await startAll(fleet, m, redis!.url, prefix, key);
    });
    afterAll(async () => {
      await fleet?.stop();
      m?.server.close();
      if (redis) {
        await removeKeys(redis.url, prefix);
        await redis.stop();
      }
    });

    it(`cold: ${PROCESSES} x ${COLD_CALLS} concurrent getPatient make exactly 1 token request`, async () => {
      const ran = await fleet.run(COLD_CALLS, PATIENT);
      expect(ran.map((r) => r.failed)).toEqual(Array(PROCESSES).fill(0));
      expect(ran.reduce((n, r) => n + r.ok, 0)).toBe(PROCESSES * COLD_CALLS);
      expect(m.tokenRequests()).toBe(1);
    });

    it('after the token expires: 1 refresh for the fleet, not 8', async () => {
      const before = m.tokenRequests();
      m.clock.ms += 570_000; // the whole lifetime: every process's cache is stale
      await fleet.all({ type: 'clock', ms: m.clock.ms });
      const ran = await fleet.run(CALLS, PATIENT);
      expect(ran.map((r) => r.failed)).toEqual(Array(PROCESSES).fill(0));
      expect(m.tokenRequests() - before).toBe(1);
    });

    it('revocation: every process gets a new token after at most one 401 per request, 1 new token request in total', async () => {
      const before = m.tokenRequests();
      const revoked = await fleet.workers[0]!.request({ type: 'token' });
      if (revoked.type !== 'token') throw new Error('no token');
      m.mock.state.accessTokens.revoke(revoked.accessToken);
      const ran = await fleet.run(CALLS, PATIENT);
      // The client retries a 401 once: no failure means no request saw more than one 401.
      expect(ran.map((r) => r.failed)).toEqual(Array(PROCESSES).fill(0));
      for (const r of ran) {
        expect(r.unauthorized).toBeGreaterThan(0); // each process did meet the revoked token
        expect(r.unauthorized).toBeLessThanOrEqual(CALLS);
      }
      expect(m.tokenRequests() - before).toBe(1);
      const now = await Promise.all(fleet.workers.map((w) => w.request({ type: 'token' })));
      const tokens = new Set(now.map((t) => (t.type === 'token' ? t.accessToken : '')));
      expect(tokens.size).toBe(1);
      expect(tokens.has(revoked.accessToken)).toBe(false);
    });

    it('raw Redis values reveal no token; a wrong encryption key is a typed error at start', async () => {
      const current = await fleet.workers[0]!.request({ type: 'token' });
      if (current.type !== 'token') throw new Error('no token');
      const raw = createClient({ url: redis!.url });
      await raw.connect();
      try {
        let values = 0;
        for await (const keys of raw.scanIterator({ MATCH: `${prefix}*` })) {
          for (const k of keys) {
            const type = await raw.type(k);
            if (type !== 'string') continue;
            const v = String(await raw.get(k));
            values += 1;
            for (const needle of [
              current.accessToken,
              current.accessToken.split('.')[1]!,
              m.mock.defaultClient!.clientSecret!,
            ]) {
              expect(v).not.toContain(needle);
              expect(k).not.toContain(needle);
            }
          }
        }
        expect(values).toBeGreaterThanOrEqual(2); // the token and the canary
      } finally {
        await raw.close();
      }
      const wrong = createRedisTokenStore({
        url: redis!.url,
        encryptionKey: randomBytes(32),
        prefix,
      });
      try {
        await expect(wrong.ready()).rejects.toMatchObject({
          name: 'RedisTokenStoreError',
          code: 'wrong_encryption_key',
        });
      } finally {
        await wrong.close();
      }
    });
  },
);

const server: ThrowawayRedis | undefined =
  redis === undefined ? undefined : await startThrowawayRedis();
if (redis !== undefined && server === undefined) {
  const line =
    'Redis outage test skipped: it kills its own redis-server, and none is on PATH (apt-get install redis-server)';
  if (process.env.CI === 'true') throw new Error(`${line}; CI=true requires it`);
  console.log(line);
}

describe.skipIf(server === undefined)(
  'Redis killed mid-run, then restarted (a redis-server this test owns)',
  () => {
    const prefix = `ck:test:${randomUUID()}:`;
    const key = randomBytes(32).toString('hex');
    let m: Awaited<ReturnType<typeof startMock>>;
    let fleet: Fleet;

    beforeAll(async () => {
      m = await startMock();
      fleet = startFleet(PROCESSES);
      await startAll(fleet, m, server!.url, prefix, key);
    });
    afterAll(async () => {
      await fleet?.stop();
      m?.server.close();
      await server?.stop();
    });

    it('no request fails; at most one token request per process during the outage; one in total after', async () => {
      await fleet.run(CALLS, PATIENT);
      expect(m.tokenRequests()).toBe(1);

      // The tokens go stale and Redis dies while the fleet is asking for new ones.
      m.clock.ms += 570_000;
      await fleet.all({ type: 'clock', ms: m.clock.ms });
      const during = fleet.run(CALLS, PATIENT);
      await server!.kill();
      const ran = await during;
      expect(ran.map((r) => r.failed)).toEqual(Array(PROCESSES).fill(0));
      for (const r of ran) expect(r.tokenRequests).toBeLessThanOrEqual(1);
      expect(m.tokenRequests() - 1).toBeLessThanOrEqual(PROCESSES);
      // Warm again: nothing more while Redis is still down.
      const warm = await fleet.run(CALLS, PATIENT);
      expect(warm.map((r) => r.failed + r.tokenRequests)).toEqual(Array(PROCESSES).fill(0));
      // One warning per process for this outage, without token values.
      const warnings = [...ran, ...warm].flatMap((r) => r.warnings);
      expect(warnings.length).toBeLessThanOrEqual(PROCESSES);

      await server!.restart();
      await fleet.all({ type: 'store-ready' });
      const before = m.tokenRequests();
      m.clock.ms += 570_000;
      await fleet.all({ type: 'clock', ms: m.clock.ms });
      const after = await fleet.run(CALLS, PATIENT);
      expect(after.map((r) => r.failed)).toEqual(Array(PROCESSES).fill(0));
      expect(m.tokenRequests() - before).toBe(1);
    });
  },
);
