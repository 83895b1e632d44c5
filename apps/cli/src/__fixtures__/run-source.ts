import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const hooks = fileURLToPath(new URL('./source-hooks.ts', import.meta.url));

/** What a child process printed and how it ended. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of this package's TypeScript entry points in a real child process, its stdout and
 * stderr being real pipes (as in `cerner-fhir … | wc -c`).
 *
 * @param entry - path relative to src/, e.g. `cerner-fhir.ts`
 * @param args - the arguments
 * @param options - `env` for the child; `closeStdout` closes the read end at the first byte
 * @returns the exit code and everything read
 */
export function runSource(
  entry: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; closeStdout?: boolean } = {},
): Promise<ChildResult> {
  const file = fileURLToPath(new URL(`../${entry}`, import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@cerner-kit/source', '--import', hooks, file, ...args],
    { env: options.env ?? { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    stdout += d;
    if (options.closeStdout) child.stdout.destroy();
  });
  child.stderr.on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
