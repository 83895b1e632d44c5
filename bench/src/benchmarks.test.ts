import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BENCHMARKS } from './benchmarks/index.js';
import { positionsOf } from './benchmarks/hl7-codec.js';
import { testSuiteNotMeasured } from './benchmarks/test-suite.js';
import { ADR_A19 } from './fixtures/adr-a19.js';
import { oruWithEd } from './fixtures/oru-ed.js';
import { MOCK_BIN } from './paths.js';
import { buildReport, renderMarkdown, renderTable } from './report.js';
import { summarize } from './stats.js';
import type { BenchRow } from './types.js';

const ctx = { scale: 'tiny' as const, log: () => undefined };

function checkRows(rows: BenchRow[]): void {
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.ours, r.id).not.toBeNull();
    expect(Number.isFinite(r.ours!.median), r.id).toBe(true);
    if (r.baseline) expect(Number.isFinite(r.baseline.median), r.id).toBe(true);
    if (r.ratio !== null) expect(r.ratio, r.id).toBeGreaterThan(0);
  }
}

describe('bench smoke (tiny inputs)', () => {
  for (const b of BENCHMARKS.filter((x) => !x.optIn)) {
    const needsBin = b.id === 'mock-throughput' || b.id === 'mock-start';
    it.skipIf(needsBin && !existsSync(MOCK_BIN))(`${b.id} runs and returns numbers`, async () => {
      checkRows(await b.run(ctx));
    });
  }

  it('token single flight makes exactly one token request', async () => {
    const b = BENCHMARKS.find((x) => x.id === 'token-single-flight')!;
    const [row] = await b.run(ctx);
    expect(row!.ours!.max).toBe(1);
    expect(row!.met).toBe(true);
  });
});

describe('test suite row without --suite', () => {
  it('reports the last saved measurement, marked as not rerun, or says it was not measured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'last.json');
    expect(testSuiteNotMeasured(file).ours).toBeNull();
    const cold = summarize([150], 's');
    const warm = summarize([0.5], 's');
    writeFileSync(
      file,
      JSON.stringify({
        ...testSuiteNotMeasured(file),
        ours: cold,
        baseline: warm,
        ratio: 0.5 / 150,
        notes: ['One run each.'],
      }),
    );
    const row = testSuiteNotMeasured(file);
    expect(row.ours?.median).toBe(150);
    expect(row.notes.at(-1)).toMatch(/last `pnpm bench --suite`/);
    writeFileSync(file, '{not json');
    expect(testSuiteNotMeasured(file).ours).toBeNull();
  });
});

describe('fixtures and report', () => {
  it('the ADR^A19 is about 2.2 KB with 18 segments; the ORU carries 1 MiB of base64', () => {
    expect(ADR_A19.length).toBeGreaterThan(2100);
    expect(ADR_A19.length).toBeLessThan(2400);
    expect(ADR_A19.split('\r').filter(Boolean)).toHaveLength(18);
    const oru = oruWithEd();
    expect(oru.length).toBeGreaterThan(1_048_576);
    expect(oru.length).toBeLessThan(1_050_000);
    expect(positionsOf(ADR_A19).length).toBeGreaterThan(200);
  });

  it('summarize gives median and p10–p90', () => {
    const f = summarize([5, 1, 4, 2, 3], 'ms');
    expect(f).toMatchObject({ median: 3, min: 1, max: 5, n: 5, unit: 'ms' });
    expect(f.p10).toBeCloseTo(1.4);
    expect(f.p90).toBeCloseTo(4.6);
  });

  it('renders a table and RESULTS.md with every row', () => {
    const row: BenchRow = {
      id: 'x',
      benchmark: 'x',
      case: 'a|b',
      oursLabel: 'ours',
      ours: summarize([1, 2, 3], 'ms'),
      baselineLabel: 'base',
      baseline: summarize([2, 3, 4], 'ms'),
      ratio: 0.67,
      ratioLabel: 'ours / base',
      target: '<= 1',
      met: true,
      notes: ['n'],
    };
    const report = buildReport([row], 1);
    expect(renderTable(report)).toContain('2.00 ms (1.20–2.80)');
    const md = renderMarkdown(report);
    expect(md).toContain('a\\|b');
    expect(md).toContain(`Node: ${process.version}`);
  });
});
