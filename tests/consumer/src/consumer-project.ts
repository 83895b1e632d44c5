import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const ROOT = new URL('../../../', import.meta.url).pathname;

/** Every publishable package, by directory. */
export const PUBLISHED = [
  'packages/core',
  'packages/smart-auth',
  'packages/fhir-r4-actions',
  'packages/hl7-adapters',
  'packages/token-store-redis',
  'packages/delivery',
  'apps/mock-cerner',
  'apps/cli',
] as const;

/**
 * `pnpm pack`s every publishable package (as a publish would: `publishConfig` applied,
 * `workspace:` ranges replaced) into `dir`.
 *
 * @param dir - where the tarballs go
 * @returns package name -> tarball path
 */
export async function packAll(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const pkg of PUBLISHED) {
    const manifest = JSON.parse(await readFile(join(ROOT, pkg, 'package.json'), 'utf8')) as {
      name: string;
    };
    const before = new Set(await readdir(dir));
    await run('pnpm', ['pack', '--pack-destination', dir], { cwd: join(ROOT, pkg) });
    const tarball = (await readdir(dir)).find((f) => !before.has(f) && f.endsWith('.tgz'));
    if (!tarball) throw new Error(`pnpm pack made no tarball for ${pkg}`);
    out.set(manifest.name, join(dir, tarball));
  }
  return out;
}

/**
 * A project outside the workspace that depends on the tarballs (and on them only, through
 * `overrides`, so a package's dependency on another cerner-kit package is the tarball too),
 * installed with npm.
 *
 * @param tarballs - from {@link packAll}
 * @returns the project directory
 */
export async function consumerProject(tarballs: Map<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cerner-kit-consumer-'));
  const deps = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { ...deps, '@types/node': '22.20.5' },
      overrides: Object.fromEntries([...tarballs.keys()].map((n) => [n, `$${n}`])),
    }),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  return dir;
}

/**
 * Runs a command; resolves with its output whatever the exit code.
 *
 * @param file - the program
 * @param args - its arguments
 * @param cwd - where
 * @returns exit code and output
 */
export async function attempt(
  file: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(file, [...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof x.code === 'number' ? x.code : 1,
      output: `${x.stdout ?? ''}${x.stderr ?? ''}`,
    };
  }
}
