import { afterEach, describe, expect, it, vi } from 'vitest';
import { timedFetch } from './timed-fetch.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A fetch that never answers until its signal aborts. */
function hangingFetch(): typeof fetch & { signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  const f = ((_url: unknown, init?: RequestInit) => {
    signals.push(init!.signal!);
    return new Promise<Response>((_, reject) => {
      init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason as Error));
    });
  }) as typeof fetch & { signals: AbortSignal[] };
  f.signals = signals;
  return f;
}

const read = (r: Response): Promise<string> => r.text();

describe('timedFetch', () => {
  it('returns the response and the value read, passing the init through', async () => {
    let seen: RequestInit | undefined;
    const fetch = (async (_u: unknown, init?: RequestInit) => {
      seen = init;
      return new Response('hello', { status: 201 });
    }) as typeof globalThis.fetch;
    const r = await timedFetch({
      fetch,
      url: 'http://x/',
      init: { method: 'POST', redirect: 'manual', headers: { A: 'b' } },
      timeoutMs: 1_000,
      read,
    });
    expect(r).toMatchObject({ ok: true, value: 'hello' });
    expect(r.ok && r.response.status).toBe(201);
    expect(seen).toMatchObject({ method: 'POST', redirect: 'manual', headers: { A: 'b' } });
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
  });

  it('times out at exactly timeoutMs, with a TimeoutError abort', async () => {
    vi.useFakeTimers();
    const fetch = hangingFetch();
    let done: unknown;
    const p = timedFetch({ fetch, url: 'http://x/', timeoutMs: 1_000, read }).then(
      (r) => (done = r),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toMatchObject({ ok: false, failure: 'timeout', notSent: false });
    expect((fetch.signals[0]!.reason as DOMException).name).toBe('TimeoutError');
  });

  it('a body that stalls after the headers also times out', async () => {
    vi.useFakeTimers();
    const fetch = (async (_u: unknown, init?: RequestInit) => {
      const body = new ReadableStream({
        start(controller) {
          init!.signal!.addEventListener('abort', () => controller.error(init!.signal!.reason));
        },
      });
      return new Response(body);
    }) as typeof globalThis.fetch;
    const p = timedFetch({ fetch, url: 'http://x/', timeoutMs: 500, read });
    await vi.advanceTimersByTimeAsync(500);
    expect(await p).toMatchObject({ ok: false, failure: 'timeout' });
  });

  it("ends on the caller's signal, reported as aborted", async () => {
    const fetch = hangingFetch();
    const caller = new AbortController();
    const p = timedFetch({
      fetch,
      url: 'http://x/',
      timeoutMs: 60_000,
      read,
      signal: caller.signal,
    });
    caller.abort(new Error('shutting down'));
    expect(await p).toMatchObject({ ok: false, failure: 'aborted' });
    const already = AbortSignal.abort();
    expect(
      await timedFetch({ fetch, url: 'http://x/', timeoutMs: 60_000, read, signal: already }),
    ).toMatchObject({ ok: false, failure: 'aborted', notSent: true });
    expect(fetch.signals).toHaveLength(1); // an aborted signal does not start a request
  });

  it('classifies a network failure with its code and whether it was sent', async () => {
    const failing = (code: string) =>
      (async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
      }) as unknown as typeof fetch;
    expect(
      await timedFetch({
        fetch: failing('ECONNREFUSED'),
        url: 'http://x/',
        timeoutMs: 1_000,
        read,
      }),
    ).toMatchObject({
      ok: false,
      failure: 'network',
      code: 'ECONNREFUSED',
      notSent: true,
    });
    expect(
      await timedFetch({ fetch: failing('ECONNRESET'), url: 'http://x/', timeoutMs: 1_000, read }),
    ).toMatchObject({
      ok: false,
      failure: 'network',
      code: 'ECONNRESET',
      notSent: false,
    });
  });

  it('clears its timer when the exchange ends', async () => {
    vi.useFakeTimers();
    const fetch = (async () => new Response('x')) as unknown as typeof globalThis.fetch;
    await timedFetch({ fetch, url: 'http://x/', timeoutMs: 1_000, read });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a time limit a Node timer cannot hold', async () => {
    const fetch = hangingFetch();
    for (const timeoutMs of [0, 1.5, 2 ** 31, Number.NaN]) {
      await expect(timedFetch({ fetch, url: 'http://x/', timeoutMs, read })).rejects.toThrow(
        RangeError,
      );
    }
    expect(fetch.signals).toHaveLength(0);
  });
});
