/**
 * A deterministic measure of how much work a synchronous call does, for tests that bound how
 * work grows with input size (no clocks: the same call always counts the same).
 *
 * While `fn` runs, the string, regular-expression and array methods that parsing code is built
 * from are wrapped: each call adds the length it may scan (the string's or array's length from
 * the start position; 1 for single-character reads such as `charCodeAt`). A reader that rescans
 * a field from its start for every repetition counts n², a linear one counts about n. Loops made
 * only of arithmetic and property reads are not seen; everything that touches text is.
 */

type Method = (this: unknown, ...args: unknown[]) => unknown;

const STRING_SCANS = [
  'indexOf',
  'lastIndexOf',
  'includes',
  'startsWith',
  'endsWith',
  'split',
  'replace',
  'replaceAll',
  'match',
  'matchAll',
  'search',
  'slice',
  'substring',
  'trim',
  'trimStart',
  'trimEnd',
  'toUpperCase',
  'toLowerCase',
  'padStart',
  'padEnd',
  'repeat',
  'normalize',
] as const;
const STRING_UNIT = ['charAt', 'charCodeAt', 'codePointAt', 'at'] as const;
const ARRAY_SCANS = [
  'indexOf',
  'lastIndexOf',
  'includes',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'filter',
  'map',
  'flatMap',
  'forEach',
  'reduce',
  'join',
  'slice',
  'splice',
  'concat',
  'sort',
  'reverse',
  'keys',
  'entries',
] as const;

/**
 * Runs `fn` and returns how much work it did (see the module notes).
 *
 * @param fn - the call to measure; must be synchronous
 * @returns the work units counted
 */
export function countWork(fn: () => unknown): number {
  let work = 0;
  const restore: (() => void)[] = [];
  const wrap = (proto: object, name: string, cost: (self: unknown, args: unknown[]) => number) => {
    const original = (proto as Record<string, Method>)[name];
    if (typeof original !== 'function') return;
    (proto as Record<string, Method>)[name] = function (this: unknown, ...args: unknown[]) {
      work += cost(this, args);
      return Reflect.apply(original, this, args);
    };
    restore.push(() => {
      (proto as Record<string, Method>)[name] = original;
    });
  };
  const lengthFrom = (self: unknown, args: unknown[], at: number): number => {
    const len = (self as { length?: number }).length ?? 0;
    const from = typeof args[at] === 'number' ? Math.max(0, args[at]) : 0;
    return Math.max(1, len - from);
  };
  for (const name of STRING_SCANS) wrap(String.prototype, name, (s, a) => lengthFrom(s, a, 1));
  for (const name of STRING_UNIT) wrap(String.prototype, name, () => 1);
  for (const name of ARRAY_SCANS) wrap(Array.prototype, name, (s, a) => lengthFrom(s, a, 99));
  wrap(RegExp.prototype, 'exec', (re, a) => lengthFrom(a[0], [(re as RegExp).lastIndex], 0));
  wrap(RegExp.prototype, 'test', (re, a) => lengthFrom(a[0], [(re as RegExp).lastIndex], 0));
  try {
    fn();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return work;
}

/**
 * How the work of `run` grows with the input: work on an input `factor` times larger divided by
 * work on the base input. About `factor` for linear code, about `factor²` for quadratic code.
 *
 * @param build - makes an input of size `n` (built outside the measurement)
 * @param run - the work being measured
 * @param n - the base size
 * @param factor - how much larger the second input is (default 4)
 * @returns work at `n * factor` divided by work at `n`
 */
export function workGrowth<T>(
  build: (n: number) => T,
  run: (input: T) => unknown,
  n: number,
  factor = 4,
): number {
  const small = build(n);
  const large = build(n * factor);
  return countWork(() => run(large)) / countWork(() => run(small));
}
