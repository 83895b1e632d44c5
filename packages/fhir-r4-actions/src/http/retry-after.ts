/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds (`120`) or an HTTP date.
 *
 * @param value - the header value, or null
 * @param now - current time, epoch ms (for HTTP dates)
 * @returns the wait in ms (0 for a date in the past), or undefined when absent or unreadable
 * @example
 * ```ts
 * parseRetryAfter('3', Date.now()); // 3000
 * parseRetryAfter('Wed, 25 Nov 2026 10:00:05 GMT', Date.parse('2026-11-25T10:00:00Z')); // 5000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date always names a weekday or month; refuse bare numbers with signs or decimals.
  if (!/[A-Za-z]/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with full jitter: a random wait in `[0, min(maxMs, baseMs * 2^attempt)]`.
 *
 * @param attempt - 0 for the first retry
 * @param baseMs - base delay
 * @param maxMs - cap
 * @param random - random source in [0, 1) (injectable for tests)
 * @returns the wait in ms
 * @example
 * ```ts
 * backoffMs(2, 200, 10_000, () => 0.5); // 400
 * ```
 */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}
