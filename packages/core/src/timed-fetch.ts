import { failureCode, isNotSent } from './network-failure.js';

/**
 * One timed HTTP exchange: the request, the body read, the time limit and a caller's signal.
 *
 * @example
 * ```ts
 * const x: TimedFetch<string> = { url: 'http://127.0.0.1:8080/metadata', timeoutMs: 10_000, read: (r) => r.text() };
 * ```
 */
export interface TimedFetch<T> {
  url: string;
  /** Method, headers, body, `redirect`… (its `signal` is replaced by the combined one). */
  init?: RequestInit;
  /** Milliseconds for the request and the body read together (1 to 2^31-1). */
  timeoutMs: number;
  /** Reads the response; runs inside the time limit too, so a stalled body also times out. */
  read: (res: Response) => Promise<T>;
  /** A caller's signal; aborting it ends the exchange (reported as `aborted`). */
  signal?: AbortSignal;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/**
 * What a {@link timedFetch} ended with: an answer, or why there was none.
 *
 * @example
 * ```ts
 * const r: TimedFetchResult<string> = await timedFetch({ url, timeoutMs: 5_000, read: (res) => res.text() });
 * if (!r.ok && r.failure === 'timeout') console.log('no answer in time');
 * ```
 */
export type TimedFetchResult<T> =
  | { ok: true; response: Response; value: T }
  | {
      ok: false;
      /** `timeout` (our limit), `aborted` (the caller's signal), `network` (anything else). */
      failure: 'timeout' | 'aborted' | 'network';
      /** The system or undici code in the cause chain, when there is one (`ECONNREFUSED` …). */
      code: string | undefined;
      /** True when the request certainly did not leave (refused, unknown host, aborted before). */
      notSent: boolean;
      /** What fetch or `read` threw. */
      cause: unknown;
    };

/** The largest delay a Node timer takes; a larger one fires after 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Runs fetch plus the body read under one time limit, with a caller's signal folded in through
 * `AbortSignal.any`. The limit is a `TimeoutError` abort, as `AbortSignal.timeout` gives, on a
 * timer that is cleared when the exchange ends (no timer outlives a finished request, and a fake
 * clock drives it in tests). Never throws: the result says what happened.
 *
 * @param x - the exchange
 * @returns the read value, or the failure with its code and whether the request was sent
 * @throws {RangeError} when `timeoutMs` is not an integer from 1 to 2^31-1
 * @example
 * ```ts
 * const r = await timedFetch({ url: 'http://127.0.0.1:8080/metadata', timeoutMs: 10_000, read: (res) => res.json() });
 * if (r.ok) console.log(r.response.status, r.value);
 * else console.log(r.failure, r.code, r.notSent);
 * ```
 */
export async function timedFetch<T>(x: TimedFetch<T>): Promise<TimedFetchResult<T>> {
  const { timeoutMs } = x;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new RangeError(`timeoutMs: expected an integer from 1 to ${MAX_TIMEOUT_MS}`);
  }
  if (x.signal?.aborted === true) {
    // Aborted before anything was sent: do not start the request at all.
    return {
      ok: false,
      failure: 'aborted',
      code: undefined,
      notSent: true,
      cause: x.signal.reason,
    };
  }
  const limit = new AbortController();
  const timer = setTimeout(() => {
    limit.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const signal = x.signal ? AbortSignal.any([limit.signal, x.signal]) : limit.signal;
  try {
    const response = await (x.fetch ?? fetch)(x.url, { ...x.init, signal });
    const value = await x.read(response);
    return { ok: true, response, value };
  } catch (cause) {
    const callerAborted: boolean = x.signal?.aborted ?? false;
    const failure = limit.signal.aborted ? 'timeout' : callerAborted ? 'aborted' : 'network';
    return {
      ok: false,
      failure,
      code: failureCode(cause),
      notSent: failure === 'network' && isNotSent(cause),
      cause,
    };
  } finally {
    clearTimeout(timer);
  }
}
