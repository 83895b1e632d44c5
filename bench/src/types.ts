import type { Figure } from './stats.js';

/** How big a run is: `full` for `pnpm bench`, `tiny` for the smoke test. */
export type BenchScale = 'full' | 'tiny';

/** What every benchmark function receives. */
export interface BenchContext {
  scale: BenchScale;
  /** Progress lines (stderr); never part of the results. */
  log: (message: string) => void;
}

/** One line of the results table. */
export interface BenchRow {
  /** Stable id, e.g. `hl7-codec.a19`. */
  id: string;
  /** The benchmark name of the table, e.g. `HL7 codec`. */
  benchmark: string;
  /** What this row measures. */
  case: string;
  oursLabel: string;
  ours: Figure | null;
  baselineLabel: string;
  baseline: Figure | null;
  /** Medians compared as `ratioLabel` says; null when not applicable. */
  ratio: number | null;
  /** How the ratio is computed, e.g. `ours / baseline (time)`. */
  ratioLabel: string;
  target: string;
  /** true/false against the target; null when the row is report-only or not measured. */
  met: boolean | null;
  notes: string[];
}

/** A benchmark: one or more rows. */
export interface Benchmark {
  id: string;
  name: string;
  /** Only run when asked (`--suite`). */
  optIn?: boolean;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
