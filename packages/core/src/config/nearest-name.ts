/** Edit distance (insert, delete, substitute, swap of neighbours), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toUpperCase();
  const t = b.toUpperCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i += 1) {
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidate closest to `name`: same letters without underscores and case first, then the
 * smallest edit distance, within a third of the name's length.
 *
 * @param name - the unknown name, e.g. `CERNER_CLIENTID`
 * @param candidates - the valid names
 * @returns the nearest valid name, or undefined when none is close
 * @example
 * ```ts
 * nearestName('CERNER_CLIENTID', ['CERNER_CLIENT_ID', 'CERNER_KEY_ID']); // 'CERNER_CLIENT_ID'
 * ```
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const squash = (s: string): string => s.toUpperCase().replaceAll(/[^A-Z0-9]/g, '');
  const same = candidates.find((c) => squash(c) === squash(name));
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
