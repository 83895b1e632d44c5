/**
 * Retry timing of a delivery.
 *
 * @example
 * ```ts
 * const retry: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 300_000, budgetMs: 86_400_000 };
 * ```
 */
export interface RetryPolicy {
  /** First delay (default 2,000 ms); doubles per failed attempt, with full jitter. */
  baseDelayMs?: number;
  /** Largest delay (default 300,000 ms). A longer `Retry-After` from Cerner wins. */
  maxDelayMs?: number;
  /**
   * How long a delivery retries with backoff after its first failure (default 24 h). After it,
   * the delivery is never dead-lettered for a transient failure: it keeps retrying every
   * `maxDelayMs` and its events carry `code: 'retry_budget_exceeded'`, for an alert.
   */
  budgetMs?: number;
  /**
   * After an attempt that may have stored the resource, wait at least this long before
   * reconciling (default 10,000 ms): a request the client gave up on may still be processed by
   * the server, and a search made before it lands would wrongly say "not stored".
   */
  reconcileDelayMs?: number;
}

/**
 * @internal The next delay: full jitter over an exponential ceiling (`random() * min(max,
 * base * 2^(n-1))`, at least a tenth of the ceiling), never less than `Retry-After`.
 *
 * @param failures - failed attempts so far (1 for the first failure)
 * @param policy - the resolved policy
 * @param retryAfterMs - what Cerner asked for, if it did
 * @param random - [0, 1)
 * @returns milliseconds to wait
 */
export function nextDelayMs(
  failures: number,
  policy: Required<RetryPolicy>,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, failures - 1));
  const jittered = ceiling * (0.1 + 0.9 * random());
  return Math.max(Math.round(jittered), retryAfterMs ?? 0);
}
