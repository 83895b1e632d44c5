import os from 'node:os';
import type { Figure } from './stats.js';
import type { BenchRow } from './types.js';

/** Everything a run produced, as `--json` prints it. */
export interface BenchReport {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  totalMemoryGiB: number;
  durationSeconds: number;
  /** How figures are summarised. */
  method: string;
  rows: BenchRow[];
}

/** How every figure is summarised (printed in RESULTS.md and the JSON). */
export const METHOD =
  'Each figure is the median of repeated samples after a warm-up; the spread is p10–p90 of those samples. ' +
  'Ours and the baseline are measured in the same run, alternating (A B B A …) so drift hits both. ' +
  'Ratios compare medians, in the direction each row states.';

/**
 * Builds the report envelope (machine facts) around the rows.
 *
 * @param rows - the results
 * @param durationSeconds - wall time of the run
 * @returns the report
 */
export function buildReport(rows: BenchRow[], durationSeconds: number): BenchReport {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30),
    durationSeconds: Math.round(durationSeconds),
    method: METHOD,
    rows,
  };
}

/**
 * A number with about three significant digits and thousands separators.
 *
 * @param v - the number
 * @returns the text
 */
export function fmtNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * `median unit (p10–p90)`, or `n/a`.
 *
 * @param f - the figure
 * @returns the text
 */
export function fmtFigure(f: Figure | null): string {
  if (!f) return 'n/a';
  if (f.n === 1 || f.p10 === f.p90) return `${fmtNumber(f.median)} ${f.unit}`;
  return `${fmtNumber(f.median)} ${f.unit} (${fmtNumber(f.p10)}–${fmtNumber(f.p90)})`;
}

function metText(row: BenchRow): string {
  if (row.met === true) return 'yes';
  if (row.met === false) return 'NO';
  return row.ours ? 'report' : 'not run';
}

/** A ratio with two decimals, or three significant digits when it is small. */
function fmtRatio(r: number): string {
  return Math.abs(r) >= 0.1 ? r.toFixed(2) : r.toPrecision(2);
}

const HEAD = ['benchmark', 'case', 'ours', 'baseline', 'ratio', 'target', 'met'];

function cells(row: BenchRow): string[] {
  return [
    row.benchmark,
    row.case,
    `${row.oursLabel}: ${fmtFigure(row.ours)}`,
    `${row.baselineLabel}: ${fmtFigure(row.baseline)}`,
    row.ratio === null ? 'n/a' : `${fmtRatio(row.ratio)} (${row.ratioLabel})`,
    row.target,
    metText(row),
  ];
}

/**
 * The plain-text table printed to stdout.
 *
 * @param report - the report
 * @returns the text
 */
export function renderTable(report: BenchReport): string {
  const rows = report.rows.map((r) => [
    r.benchmark,
    r.case,
    fmtFigure(r.ours),
    fmtFigure(r.baseline),
    r.ratio === null ? 'n/a' : fmtRatio(r.ratio),
    r.target,
    metText(r),
  ]);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  const out = [
    `cerner-kit benchmarks, ${report.date}, Node ${report.node}, ${report.cpu} × ${report.cores}, ${report.durationSeconds} s`,
    '',
    line(HEAD),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map(line),
    '',
    'ours/baseline columns: median (p10–p90). Ratio direction per row: see bench/RESULTS.md or --json.',
  ];
  return `${out.join('\n')}\n`;
}

const esc = (s: string): string => s.replace(/\|/g, '\\|');

/**
 * `bench/RESULTS.md`.
 *
 * @param report - the report
 * @returns the Markdown
 */
export function renderMarkdown(report: BenchReport): string {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `pnpm bench` (do not edit by hand; rerun it). `pnpm bench --json` prints the same data as JSON.',
    '',
    `- Date: ${report.date}`,
    `- Node: ${report.node}`,
    `- CPU: ${report.cpu} × ${report.cores} cores`,
    `- OS: ${report.platform}, ${report.totalMemoryGiB} GiB memory`,
    `- Run time: ${report.durationSeconds} s`,
    '',
    report.method,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...report.rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
    '',
    '## Notes',
    '',
  ];
  for (const r of report.rows) {
    if (r.notes.length === 0) continue;
    lines.push(`- **${esc(r.benchmark)}, ${esc(r.case)}**: ${r.notes.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
