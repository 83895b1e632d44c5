import { fileURLToPath } from 'node:url';

/** The `bench/` directory (this file is `bench/src/paths.ts` or `bench/dist/paths.js`). */
export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The built `mock-cerner` bin (`pnpm bench` builds it first through turbo). */
export const MOCK_BIN = fileURLToPath(
  new URL('../../apps/mock-cerner/dist/bin.js', import.meta.url),
);
