import { performance } from 'node:perf_hooks';
import { summarize, type Figure } from './stats.js';

/** Runs an operation `n` times (the benchmark writes the loop, so micro-benchmarks avoid `await`). */
export type Batch = (n: number) => unknown;

/** Options of {@link compare} and {@link measure}. */
export interface SampleOptions {
  /** Samples per side after warm-up. */
  samples: number;
  /** Each sample runs enough iterations to take about this long (ms). */
  sampleMs: number;
  /** Warm-up time per side before sampling (ms). */
  warmupMs: number;
  /** Cap on iterations per sample. */
  maxBatch?: number;
  /** Unit for the result; values are per operation, in µs unless `perOp` is false. */
  unit?: string;
}

async function timeBatch(batch: Batch, n: number): Promise<number> {
  const t0 = performance.now();
  const r = batch(n);
  if (r instanceof Promise) await r;
  return performance.now() - t0;
}

/** Finds an iteration count whose batch takes about `ms`, warming the code up on the way. */
async function calibrate(
  batch: Batch,
  ms: number,
  warmupMs: number,
  maxBatch: number,
): Promise<number> {
  let n = 1;
  const start = performance.now();
  for (;;) {
    const t = await timeBatch(batch, n);
    if (t >= ms || n >= maxBatch) {
      if (performance.now() - start >= warmupMs) break;
      continue;
    }
    n = Math.min(maxBatch, t <= 0 ? n * 10 : Math.max(n + 1, Math.ceil((n * ms) / t)));
  }
  return n;
}

/**
 * Measures one operation: warm-up, calibrated batches, per-operation time of each sample.
 *
 * @param batch - runs the operation n times
 * @param options - samples, batch length, warm-up
 * @returns the per-operation figure (µs/op)
 */
export async function measure(batch: Batch, options: SampleOptions): Promise<Figure> {
  const n = await calibrate(batch, options.sampleMs, options.warmupMs, options.maxBatch ?? 1e9);
  const out: number[] = [];
  for (let i = 0; i < options.samples; i++) out.push(((await timeBatch(batch, n)) * 1000) / n);
  return summarize(out, options.unit ?? 'µs/op');
}

/**
 * Measures several operations side by side: each is warmed up and calibrated, then samples
 * alternate, the order reversed every round (A B C, C B A, …), so drift (GC, CPU frequency, other
 * load) hits all of them alike and each is measured against the others in the same conditions.
 *
 * @param batches - the operations, as batches
 * @param options - samples, batch length, warm-up
 * @returns per-operation figures (µs/op), in the order of `batches`
 */
export async function compareAll(batches: Batch[], options: SampleOptions): Promise<Figure[]> {
  const max = options.maxBatch ?? 1e9;
  const counts: number[] = [];
  for (const batch of batches) {
    counts.push(await calibrate(batch, options.sampleMs, options.warmupMs, max));
  }
  const samples: number[][] = batches.map(() => []);
  const order = batches.map((_, i) => i);
  for (let round = 0; round < options.samples; round++) {
    for (const i of round % 2 === 0 ? order : [...order].reverse()) {
      const n = counts[i]!;
      samples[i]!.push(((await timeBatch(batches[i]!, n)) * 1000) / n);
    }
  }
  const unit = options.unit ?? 'µs/op';
  return samples.map((s) => summarize(s, unit));
}

/**
 * Measures two operations side by side (see {@link compareAll}): samples alternate A B, B A, …
 *
 * @param ours - our operation, as a batch
 * @param baseline - the baseline, as a batch
 * @param options - samples, batch length, warm-up
 * @returns per-operation figures (µs/op) for both
 */
export async function compare(
  ours: Batch,
  baseline: Batch,
  options: SampleOptions,
): Promise<{ ours: Figure; baseline: Figure }> {
  const [a, b] = await compareAll([ours, baseline], options);
  return { ours: a!, baseline: b! };
}

/** A sink the optimiser cannot see through; benchmarks fold results into it. */
export const sink = { value: 0 as number, ref: undefined as unknown };
