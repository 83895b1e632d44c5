import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_DIR, REPO_ROOT } from '../paths.js';
import { summarize } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

function runTests(args: string[]): Promise<{ ms: number; ok: boolean; summary: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['scripts/run-tests.mjs', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = '';
    child.stdout.on('data', (d: Buffer) => {
      const lines = d.toString().trim().split('\n');
      last = lines.at(-1) ?? last;
    });
    child.stderr.resume();
    child.once('error', reject);
    child.once('exit', (code) =>
      resolve({ ms: performance.now() - t0, ok: code === 0, summary: last.trim() }),
    );
  });
}

/** Where the last `--suite` measurement is kept, so runs without `--suite` still report it. */
export const SUITE_RESULT_FILE = join(BENCH_DIR, 'test-suite-last.json');

function baseRow(): BenchRow {
  return {
    id: 'test-suite',
    benchmark: 'test suite',
    case: 'cold `pnpm test` and a warm (turbo-cached) rerun',
    oursLabel: 'cold (turbo --force)',
    ours: null,
    baselineLabel: 'warm rerun (turbo cache)',
    baseline: null,
    ratio: null,
    ratioLabel: 'warm / cold (time)',
    target: 'report both',
    met: null,
    notes: [],
  };
}

/**
 * The row when the suite is not measured in this run (it is opt-in: a cold run takes minutes):
 * the last `--suite` measurement from `file`, marked as such, or "not measured".
 *
 * @param file - the saved measurement (default {@link SUITE_RESULT_FILE})
 * @returns the row
 */
export function testSuiteNotMeasured(file = SUITE_RESULT_FILE): BenchRow {
  if (existsSync(file)) {
    try {
      const last = JSON.parse(readFileSync(file, 'utf8')) as BenchRow;
      if (last.id === 'test-suite' && last.ours && last.baseline) {
        return {
          ...last,
          notes: [
            ...last.notes,
            'Not rerun in this run: the figures are from the last `pnpm bench --suite` (bench/test-suite-last.json).',
          ],
        };
      }
    } catch {
      // unreadable: report as not measured
    }
  }
  return {
    ...baseRow(),
    notes: [
      'Not measured in this run (opt-in: `pnpm bench --suite` or BENCH_SUITE=1; a cold run takes minutes).',
    ],
  };
}

/**
 * `pnpm test` (scripts/run-tests.mjs: turbo build, typecheck, lint, test) cold, i.e. with
 * `--force` so turbo ignores its cache, then warm (everything cached). Once each: a cold run takes
 * minutes, so this row is opt-in.
 */
export const testSuite: Benchmark = {
  id: 'test-suite',
  name: 'test suite',
  optIn: true,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    ctx.log('  cold pnpm test (turbo --force)…');
    const cold = await runTests(['--force']);
    ctx.log(`  cold: ${(cold.ms / 1000).toFixed(1)} s, ${cold.summary}`);
    const warm = await runTests([]);
    ctx.log(`  warm: ${(warm.ms / 1000).toFixed(1)} s, ${warm.summary}`);
    const o = summarize([cold.ms / 1000], 's');
    const b = summarize([warm.ms / 1000], 's');
    return [
      {
        ...baseRow(),
        ours: o,
        baseline: b,
        ratio: b.median / o.median,
        notes: [
          `One run each, measured ${new Date().toISOString().slice(0, 10)}. Cold: "${cold.summary}" (exit ${cold.ok ? 0 : 'non-zero'}); warm: "${warm.summary}" (exit ${warm.ok ? 0 : 'non-zero'}).`,
        ],
      },
    ];
  },
};
