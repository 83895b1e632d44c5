import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BENCH_DIR, MOCK_BIN } from './paths.js';

/**
 * The bare Express 5 baseline server: answers every request with one fixed JSON body
 * (`BENCH_BODY`), and prints `{"url": …}` once listening, as `mock-cerner --json` prints its line.
 * Run with `node --input-type=module -e` from `bench/` (where `express` resolves).
 */
export const BARE_EXPRESS_SOURCE = `
import express from 'express';
const body = process.env.BENCH_BODY ?? '{"resourceType":"CapabilityStatement","status":"active"}';
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use((_req, res) => { res.type('application/fhir+json').send(body); });
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port }) + '\\n');
});
server.keepAliveTimeout = 5000;
process.on('SIGTERM', () => { server.close(() => process.exit(0)); server.closeAllConnections(); });
`;

/** A spawned server and the JSON line it printed at start. */
export interface SpawnedServer<T> {
  child: ChildProcess;
  info: T;
  stop(): Promise<void>;
}

function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const onExit = (code: number | null): void =>
      reject(
        new Error(`${what} exited (${code}) before printing its line: ${stderr.slice(0, 500)}`),
      );
    child.once('exit', onExit);
    rl.once('line', (line) => {
      child.off('exit', onExit);
      rl.close();
      resolve(line);
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
}

/**
 * Spawns the built `mock-cerner` bin on free ports and waits for its `--json` line.
 *
 * @returns the process and its startup info
 */
export async function spawnMock(): Promise<
  SpawnedServer<{ fhirBaseUrl: string; tokenUrl: string; tenantId: string }>
> {
  const child = spawn(process.execPath, [MOCK_BIN, '--port', '0', '--mllp-port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await firstLine(child, 'mock-cerner');
  return {
    child,
    info: JSON.parse(line) as { fhirBaseUrl: string; tokenUrl: string; tenantId: string },
    stop: stopper(child),
  };
}

/**
 * Spawns the bare Express server.
 *
 * @param body - the JSON text every request gets
 * @returns the process and its URL
 */
export async function spawnBareExpress(body?: string): Promise<SpawnedServer<{ url: string }>> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_EXPRESS_SOURCE], {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(body !== undefined ? { BENCH_BODY: body } : {}) },
  });
  const line = await firstLine(child, 'bare express');
  return { child, info: JSON.parse(line) as { url: string }, stop: stopper(child) };
}
