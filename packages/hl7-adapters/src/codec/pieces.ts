/**
 * @internal The `n`-th (1-based) piece of `text` split on `sep`, found with indexOf (no array),
 * or undefined when there are fewer pieces.
 */
export function nthPiece(text: string, sep: string, n: number): string | undefined {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const next = text.indexOf(sep, start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf(sep, start);
  return end < 0 ? (start === 0 ? text : text.slice(start)) : text.slice(start, end);
}

/**
 * @internal Replaces the `n`-th (1-based) piece of `text` split on `sep` with `replace(old)`,
 * adding empty pieces when there are fewer.
 */
export function replacePiece(
  text: string,
  sep: string,
  n: number,
  replace: (old: string) => string,
): string {
  if (n === 1 && !text.includes(sep)) return replace(text);
  const parts = text.split(sep);
  while (parts.length < n) parts.push('');
  parts[n - 1] = replace(parts[n - 1] ?? '');
  return parts.join(sep);
}
