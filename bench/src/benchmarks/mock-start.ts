import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MOCK_BIN } from '../paths.js';
import { spawnBareExpress, spawnMock } from '../servers.js';
import { summarize } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

async function firstAnswer(url: string): Promise<void> {
  const res = await fetch(url, { headers: { Accept: 'application/fhir+json' } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`mock start: ${url} answered ${res.status}`);
}

/** Spawn to first answered request, in ms. */
async function startMock(): Promise<number> {
  const t0 = performance.now();
  const s = await spawnMock();
  try {
    await firstAnswer(`${s.info.fhirBaseUrl}/metadata`);
    return performance.now() - t0;
  } finally {
    await s.stop();
  }
}

async function startBare(): Promise<number> {
  const t0 = performance.now();
  const s = await spawnBareExpress();
  try {
    await firstAnswer(`${s.info.url}/metadata`);
    return performance.now() - t0;
  } finally {
    await s.stop();
  }
}

/**
 * `node apps/mock-cerner/dist/bin.js --port 0 --mllp-port 0 --json` from spawn to the first
 * answered request (`GET {fhirBaseUrl}/metadata`) vs a bare Express 5 process (same spawn, same
 * JSON start line, same request). Alternating, after one discarded start of each (disk cache).
 */
export const mockStart: Benchmark = {
  id: 'mock-start',
  name: 'mock start',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    if (!existsSync(MOCK_BIN)) {
      throw new Error(`mock start: ${MOCK_BIN} is missing; build it first (pnpm bench does)`);
    }
    const reps = ctx.scale === 'tiny' ? 1 : 7;
    if (ctx.scale !== 'tiny') {
      await startMock();
      await startBare();
    }
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < reps; i++) {
      if (i % 2 === 0) {
        ours.push(await startMock());
        base.push(await startBare());
      } else {
        base.push(await startBare());
        ours.push(await startMock());
      }
    }
    const o = summarize(ours, 'ms');
    const b = summarize(base, 'ms');
    const ratio = o.median / b.median;
    return [
      {
        id: 'mock-start',
        benchmark: 'mock start',
        case: 'process spawn to first answered request',
        oursLabel: 'mock-cerner bin (--json)',
        ours: o,
        baselineLabel: 'bare Express 5 process',
        baseline: b,
        ratio,
        ratioLabel: 'ours / bare (time)',
        target: 'report, aim <= 2x',
        met: null,
        notes: [
          `${reps} starts each (after one discarded warm start each); ${ratio <= 2 ? 'within' : 'above'} the 2x aim.`,
          ...(ratio <= 2
            ? []
            : [
                'Above the aim: profile the start with node --cpu-prof (see bench/README.md, Findings); the structure-validator preload was the cause once.',
              ]),
        ],
      },
    ];
  },
};
