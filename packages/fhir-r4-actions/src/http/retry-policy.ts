import type { RetryOptions } from './fhir-request.js';
import { backoffMs } from './retry-after.js';

/**
 * Statuses after which a GET is retried.
 * @internal
 */
export const RETRY_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * How long to wait before the next try of a GET: what `Retry-After` said, else exponential
 * backoff with full jitter, never more than `maxDelayMs`.
 *
 * @param attempt - 0 for the first try
 * @param retry - the client's policy
 * @param retryAfterMs - what the server asked for, when it did
 * @param random - jitter source (default Math.random)
 * @returns milliseconds
 * @example
 * ```ts
 * retryDelayMs(1, { retries: 2, baseDelayMs: 250, maxDelayMs: 10_000 }, undefined); // 0-500
 * ```
 * @internal
 */
export function retryDelayMs(
  attempt: number,
  retry: Required<RetryOptions>,
  retryAfterMs: number | undefined,
  random?: () => number,
): number {
  return Math.min(
    retryAfterMs ?? backoffMs(attempt, retry.baseDelayMs, retry.maxDelayMs, random),
    retry.maxDelayMs,
  );
}

/**
 * Waits with `sleep`, ending early when `signal` aborts, whether or not `sleep` listens to it.
 *
 * @param sleep - the client's sleep
 * @param ms - how long
 * @param signal - the caller's signal
 * @returns true when the wait ran out, false when the signal ended it
 * @example
 * ```ts
 * if (!(await wait(sleep, 500, signal))) throw tokenAborted(signal?.reason);
 * ```
 * @internal
 */
export function wait(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (!signal) return sleep(ms).then(() => true);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve, reject) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms, signal).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
