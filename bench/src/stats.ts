/**
 * A measured quantity: the median of repeated samples and their spread.
 * `p10`/`p90` are the 10th and 90th percentiles of the samples (linear interpolation).
 */
export interface Figure {
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
  /** Number of samples. */
  n: number;
  /** Unit of every number above, e.g. `µs/op`, `req/s`, `ms`, `requests`. */
  unit: string;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Summarises samples into a {@link Figure}.
 *
 * @param samples - the values (at least one)
 * @param unit - their unit
 * @returns median, p10, p90, min, max and count
 */
export function summarize(samples: readonly number[], unit: string): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
    unit,
  };
}

/**
 * Scales a figure (e.g. ms to µs) keeping its shape.
 *
 * @param f - the figure
 * @param factor - multiplier
 * @param unit - the new unit
 * @returns the scaled figure
 */
export function scaleFigure(f: Figure, factor: number, unit: string): Figure {
  return {
    ...f,
    median: f.median * factor,
    p10: f.p10 * factor,
    p90: f.p90 * factor,
    min: f.min * factor,
    max: f.max * factor,
    unit,
  };
}
