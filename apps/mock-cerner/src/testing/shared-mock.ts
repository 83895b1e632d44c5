import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A mock bin process shared by every test file of a run (see {@link startSharedMock}). */
export interface SharedMock {
  /** The origin, e.g. `http://127.0.0.1:41233`; also in `process.env.MOCK_CERNER_URL`. */
  readonly url: string;
  /** What `mock-cerner --json` printed (the default tenant). */
  readonly info: Record<string, unknown>;
  readonly mllpPort: number | undefined;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/** The built bin of this package (`dist/bin.js`), from `src/testing` or `dist/testing`. */
const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/**
 * Starts ONE real `mock-cerner` process on free ports (`--port 0 --mllp-port 0 --json`) for a whole
 * test run, and sets `MOCK_CERNER_URL` so that `createTestTenant` / `useTestTenant` in every test
 * file (any worker) find it. Call it from a global setup (vitest `globalSetup`, jest
 * `globalSetup`, a mocha root hook) and `stop()` it in the teardown.
 *
 * @param options - `args`: more bin flags (e.g. `['--log']`); `bin`: another bin path
 * @returns the running mock
 * @throws Error when the bin is not built or exits before printing its line
 * @example
 * ```ts
 * // vitest.global-setup.ts
 * export default async function () {
 *   const mock = await startSharedMock();
 *   return () => mock.stop();
 * }
 * ```
 */
export async function startSharedMock(
  options: { args?: string[]; bin?: string } = {},
): Promise<SharedMock> {
  const bin = options.bin ?? BIN;
  if (!existsSync(bin)) {
    throw new Error(`startSharedMock: ${bin} does not exist (build @cerner-kit/mock-cerner first)`);
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, '--port', '0', '--mllp-port', '0', '--json', ...(options.args ?? [])],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`startSharedMock: the mock exited (${code})`)));
  });
  const info = JSON.parse(line) as Record<string, unknown> & {
    adminUrl: string;
    mllpPort?: number;
  };
  const url = info.adminUrl.replace(/\/admin$/, '');
  process.env.MOCK_CERNER_URL = url;
  return {
    url,
    info,
    mllpPort: info.mllpPort,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
