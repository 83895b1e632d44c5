import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A Redis server for tests, found or started by {@link redisForTests}.
 *
 * @example
 * ```ts
 * const redis = await redisForTests();
 * if ('skip' in redis) console.log(redis.skip); else await redis.stop();
 * ```
 */
export interface RedisForTests {
  /** `redis://…` */
  url: string;
  /** Where it came from: `REDIS_URL`, the default local port, or a throwaway server. */
  source: 'env' | 'local' | 'throwaway';
  /** Stops a throwaway server (and removes its directory); a no-op for the others. */
  stop(): Promise<void>;
}

/**
 * A `redis-server` process owned by one test: it can be killed and restarted on the same port.
 *
 * @example
 * ```ts
 * const server = await startThrowawayRedis();
 * await server!.kill(); await server!.restart(); await server!.stop();
 * ```
 */
export interface ThrowawayRedis {
  url: string;
  port: number;
  /** SIGKILL, like a crash; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence); resolves once it answers. */
  restart(): Promise<void>;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

/** Answers whether a Redis server replies +PONG at host:port within `timeoutMs`. */
export function redisAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** The path of an executable on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function untilAnswers(port: number, child: ChildProcess): Promise<void> {
  // Readiness, not a timed assertion: poll the new server until it answers (bounded).
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await redisAnswers('127.0.0.1', port, 200)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('redis-server did not answer within about 10 s');
}

/**
 * Starts a throwaway `redis-server` (no persistence, loopback only) on a free port in a temp
 * directory, or returns undefined when `redis-server` is not on PATH.
 *
 * @param options - `binary` (default: `redis-server` on PATH)
 * @returns the server, answering
 * @throws Error when it starts but never answers
 * @example
 * ```ts
 * const server = await startThrowawayRedis();
 * ```
 */
export async function startThrowawayRedis(
  options: { binary?: string } = {},
): Promise<ThrowawayRedis | undefined> {
  const binary = options.binary ?? onPath('redis-server');
  if (binary === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ck-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    await untilAnswers(port, child);
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The Redis server tests use, in DESIGN.md's order: `REDIS_URL`; else 127.0.0.1:6379 if it
 * answers; else a throwaway `redis-server` from PATH; else `{ skip }` with one line naming what
 * to install. With `CI=true` it never skips: it throws instead.
 *
 * @returns the server, or why the tests skip
 * @throws Error under `CI=true` when no Redis can be had
 * @example
 * ```ts
 * const redis = await redisForTests();
 * describe.skipIf('skip' in redis)('with Redis', () => { … });
 * ```
 */
export async function redisForTests(): Promise<RedisForTests | { skip: string }> {
  const noop = (): Promise<void> => Promise.resolve();
  const env = process.env.REDIS_URL;
  if (env !== undefined && env !== '') return { url: env, source: 'env', stop: noop };
  if (await redisAnswers('127.0.0.1', 6379)) {
    return { url: 'redis://127.0.0.1:6379', source: 'local', stop: noop };
  }
  const server = await startThrowawayRedis();
  if (server !== undefined) {
    return { url: server.url, source: 'throwaway', stop: () => server.stop() };
  }
  const skip =
    'Redis tests skipped: no REDIS_URL, nothing on 127.0.0.1:6379, no redis-server on PATH (install it: apt-get install redis-server)';
  if (process.env.CI === 'true') throw new Error(`${skip}; CI=true requires Redis`);
  return { skip };
}
