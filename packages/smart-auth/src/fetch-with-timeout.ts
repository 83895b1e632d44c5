import { timedFetch } from '@cerner-kit/core';
import { SmartAuthError } from './errors.js';

/**
 * What one timed HTTP exchange needs.
 * @internal
 *
 * @example
 * ```ts
 * const x: TimedExchange<string> = { fetch, url, init: { method: 'GET' }, timeoutMs: 10_000, what: 'SMART discovery', read: (r) => r.text() };
 * ```
 */
export interface TimedExchange<T> {
  fetch: typeof fetch;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** For messages: `SMART discovery` or `token request`. */
  what: string;
  /** Reads the response; runs inside the timeout too, so a stalled body also times out. */
  read: (res: Response) => Promise<T>;
  /** A caller's signal; aborting it ends the exchange. */
  signal?: AbortSignal;
}

/** The URL without query or fragment, for messages. */
function plainUrl(url: string): string {
  const u = URL.parse(url);
  return u === null ? 'the server' : `${u.origin}${u.pathname}`;
}

/**
 * Runs fetch plus the body read under one timeout (core's `timedFetch`) and maps abort and
 * network failures onto `timeout` / `network`. Messages carry no request data.
 * @internal
 *
 * @param x - the exchange
 * @returns what `read` returns
 * @throws {@link SmartAuthError} `timeout` or `network` (both retryable, unless the caller aborted)
 * @example
 * ```ts
 * const body = await timedExchange({ fetch, url, init, timeoutMs: 10_000, what: 'token request', read: (r) => r.text() });
 * ```
 */
export async function timedExchange<T>(x: TimedExchange<T>): Promise<T> {
  const r = await timedFetch({
    fetch: x.fetch,
    url: x.url,
    init: x.init,
    timeoutMs: x.timeoutMs,
    read: x.read,
    ...(x.signal ? { signal: x.signal } : {}),
  });
  if (r.ok) return r.value;
  const { cause } = r;
  if (SmartAuthError.isInstance(cause)) throw cause;
  if (r.failure === 'timeout') {
    throw new SmartAuthError('timeout', `The ${x.what} got no answer within ${x.timeoutMs} ms`, {
      retryable: true,
      cause,
    });
  }
  if (r.failure === 'aborted') {
    const reason: unknown = x.signal?.reason;
    const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
    throw new SmartAuthError(
      isTimeout ? 'timeout' : 'network',
      `The ${x.what} was aborted by the caller`,
      { retryable: isTimeout, cause },
    );
  }
  // fetch's own message is "fetch failed"; its cause says why (e.g. "bad port").
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  const detail =
    r.code ?? (inner instanceof Error ? `${inner.name}: ${inner.message}` : 'unknown error');
  throw new SmartAuthError(
    'network',
    `The ${x.what} got no HTTP answer from ${plainUrl(x.url)} (${detail}). Check that the server is running and the URL is right`,
    { retryable: true, cause },
  );
}
