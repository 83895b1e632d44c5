import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL server for tests, as DESIGN.md "Services for tests" orders it.
 *
 * @example
 * ```ts
 * const server = await findTestDatabase();
 * if (server.url === undefined) console.log(server.skipReason);
 * ```
 */
export interface TestDatabase {
  /** A connection string, or undefined when no server could be had. */
  url: string | undefined;
  /** Where the server came from. */
  source: 'env' | 'local' | 'throwaway' | 'none';
  /** One line naming what to install, when `url` is undefined. */
  skipReason?: string;
  /** Stops a throwaway server and removes its directory (a no-op otherwise). */
  stop(): Promise<void>;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/test';

function answers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function canQuery(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function onPath(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

async function throwaway(): Promise<TestDatabase | undefined> {
  if (!onPath('initdb') || !onPath('postgres')) return undefined;
  const asRoot = process.getuid?.() === 0;
  if (asRoot && !onPath('runuser')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ck-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const wrap = (cmd: string[]): string[] =>
    asRoot ? ['runuser', '-u', 'postgres', '--', ...cmd] : cmd;
  const [c0, ...cargs] = wrap(['initdb', '-A', 'trust', '-U', 'postgres', '-D', data]);
  if (spawnSync(c0!, cargs, { stdio: 'ignore' }).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  const [p0, ...pargs] = wrap([
    'postgres',
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
  ]);
  const child = spawn(p0!, pargs, { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let i = 0; i < 100 && !(await canQuery(url)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    source: 'throwaway',
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Finds a PostgreSQL server for tests: `DATABASE_URL`; else 127.0.0.1:5432 (db `test`, user
 * `postgres`) if it answers; else a throwaway cluster from `initdb`/`postgres` on PATH in a temp
 * directory; else none, with a one-line reason. With `CI=true` a missing server throws.
 *
 * @returns the server (call `stop()` when done)
 * @throws Error under `CI=true` when no server can be had
 * @example
 * ```ts
 * const db = await findTestDatabase();
 * ```
 */
export async function findTestDatabase(): Promise<TestDatabase> {
  const none = (): Promise<void> => Promise.resolve();
  const env = process.env.DATABASE_URL;
  if (env) return { url: env, source: 'env', stop: none };
  if ((await answers('127.0.0.1', 5432)) && (await canQuery(LOCAL_URL))) {
    return { url: LOCAL_URL, source: 'local', stop: none };
  }
  const t = await throwaway();
  if (t) return t;
  const skipReason =
    'PostgreSQL tests skipped: set DATABASE_URL, run PostgreSQL on 127.0.0.1:5432, or install postgresql (initdb) on PATH';
  if (process.env.CI === 'true') {
    throw new Error(skipReason.replace('skipped', 'cannot run under CI'));
  }
  return { url: undefined, source: 'none', skipReason, stop: none };
}

/**
 * A fresh, uniquely named schema on the test server; `drop()` removes it with everything in it.
 *
 * @param url - the server's connection string
 * @param prefix - a prefix for the schema name
 * @returns the schema name and its remover
 * @example
 * ```ts
 * const { schema, drop } = await createTestSchema(url, 'delivery');
 * ```
 */
export function createTestSchema(
  url: string,
  prefix = 'ck_test',
): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  return Promise.resolve({
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  });
}
