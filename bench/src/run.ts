import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './benchmarks/index.js';
import { SUITE_RESULT_FILE, testSuiteNotMeasured } from './benchmarks/test-suite.js';
import { BENCH_DIR } from './paths.js';
import { buildReport, renderMarkdown, renderTable } from './report.js';
import type { BenchRow } from './types.js';

const USAGE = `Usage: pnpm bench [--json] [--suite] [--only id,id] [--no-write]

  --json       print the results as JSON instead of a table
  --suite      also time a cold and a warm \`pnpm test\` (minutes; or BENCH_SUITE=1)
  --only IDS   run only these benchmarks (${BENCHMARKS.map((b) => b.id).join(', ')}); RESULTS.md is not written
  --no-write   do not write bench/RESULTS.md
`;

/** The row order. */
const DISPLAY_ORDER = [
  'token-single-flight',
  'warm-token',
  'client-overhead',
  'medplum-client',
  'mock-throughput',
  'mrn-scaling',
  'encounter-paging',
  'hl7-codec',
  'mllp',
  'mock-start',
  'test-suite',
];
const rank = (row: BenchRow): number => {
  const i = DISPLAY_ORDER.findIndex((id) => row.id === id || row.id.startsWith(`${id}.`));
  return i < 0 ? DISPLAY_ORDER.length : i;
};

function failedRow(id: string, name: string, error: unknown): BenchRow {
  return {
    id,
    benchmark: name,
    case: 'failed to run',
    oursLabel: 'ours',
    ours: null,
    baselineLabel: 'baseline',
    baseline: null,
    ratio: null,
    ratioLabel: 'n/a',
    target: 'runs',
    met: false,
    notes: [`Error: ${error instanceof Error ? error.message : String(error)}`],
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      suite: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    // pnpm passes a literal `--` before forwarded flags.
    args: process.argv.slice(2).filter((a) => a !== '--'),
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const suite = values.suite || process.env.BENCH_SUITE === '1';
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((id) => !BENCHMARKS.some((b) => b.id === id)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark(s) ${unknown.join(', ')}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const t0 = performance.now();
  const rows: BenchRow[] = [];
  for (const b of BENCHMARKS) {
    if (only && !only.includes(b.id)) continue;
    if (b.optIn && !suite) {
      if (!only && b.id === 'test-suite') rows.push(testSuiteNotMeasured());
      continue;
    }
    const tb = performance.now();
    log(`bench: ${b.name}…`);
    try {
      rows.push(...(await b.run({ scale: 'full', log })));
    } catch (e) {
      log(`bench: ${b.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      rows.push(failedRow(b.id, b.name, e));
    }
    log(`bench: ${b.name} done in ${((performance.now() - tb) / 1000).toFixed(1)} s`);
  }
  rows.sort((a, b) => rank(a) - rank(b));
  const report = buildReport(rows, (performance.now() - t0) / 1000);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderTable(report));
  if (!only && !values['no-write']) {
    const file = join(BENCH_DIR, 'RESULTS.md');
    writeFileSync(file, renderMarkdown(report));
    const suiteRow = suite ? rows.find((r) => r.id === 'test-suite' && r.ours) : undefined;
    if (suiteRow) writeFileSync(SUITE_RESULT_FILE, `${JSON.stringify(suiteRow, null, 2)}\n`);
    log(`bench: wrote ${file}`);
  }
  // Sockets of the load generator or clients must not keep the process alive.
  process.exit(rows.some((r) => r.case === 'failed to run') ? 1 : 0);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
