import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenCache } from './token-cache.js';
import type { AccessToken } from './token-request.js';

function token(accessToken: string, expiresAt: number): AccessToken {
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresAt,
    scopes: ['s'],
    requestedScopes: ['s'],
    droppedScopes: [],
  };
}

function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('TokenCache', () => {
  it('single flight: concurrent callers share one request', async () => {
    let now = 0;
    const cache = new TokenCache(() => now, 60);
    const e = cache.entry('k');
    const d = deferred<AccessToken>();
    let calls = 0;
    const fetchToken = (): Promise<AccessToken> => {
      calls += 1;
      return d.promise;
    };
    const all = Array.from({ length: 1000 }, () => cache.get(e, fetchToken));
    expect(calls).toBe(1);
    d.resolve(token('t1', now + 570_000));
    const tokens = await Promise.all(all);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['t1']));
    now += 1;
    expect(cache.fresh(e)).toBe(cache.fresh(e)); // the same resolved promise, no allocation
    expect((await cache.get(e, fetchToken)).accessToken).toBe('t1');
    expect(calls).toBe(1);
  });

  it('does not cache a failure; the next call retries', async () => {
    const cache = new TokenCache(() => 0, 60);
    const e = cache.entry('k');
    const d = deferred<AccessToken>();
    const a = cache.get(e, () => d.promise);
    const b = cache.get(e, () => Promise.resolve(token('never', 1)));
    d.reject(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    await expect(b).rejects.toThrow('boom');
    expect(e.inFlight).toBeUndefined();
    expect((await cache.get(e, () => Promise.resolve(token('t2', 570_000)))).accessToken).toBe(
      't2',
    );
  });

  it('refreshes refreshMarginSeconds before expiry', async () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now, 60);
    const e = cache.entry('k');
    let n = 0;
    const fetchToken = (): Promise<AccessToken> => Promise.resolve(token(`t${++n}`, now + 570_000));
    await cache.get(e, fetchToken);
    now += 570_000 - 60_000 - 1; // 1 ms before the margin
    expect((await cache.get(e, fetchToken)).accessToken).toBe('t1');
    now += 1; // at expiresAt - margin
    expect(cache.fresh(e)).toBeUndefined();
    expect((await cache.get(e, fetchToken)).accessToken).toBe('t2');
  });

  it('caps the margin to half the lifetime of a short token', async () => {
    let now = 0;
    const cache = new TokenCache(() => now, 60);
    const e = cache.entry('k');
    let n = 0;
    const fetchToken = (): Promise<AccessToken> => Promise.resolve(token(`t${++n}`, now + 30_000)); // 30 s token
    await cache.get(e, fetchToken);
    now = 14_999;
    expect((await cache.get(e, fetchToken)).accessToken).toBe('t1');
    now = 15_000;
    expect((await cache.get(e, fetchToken)).accessToken).toBe('t2');
  });

  it('invalidate drops every entry holding the token, only that token', async () => {
    const cache = new TokenCache(() => 0, 60);
    const a = cache.entry('a');
    const b = cache.entry('b');
    await cache.get(a, () => Promise.resolve(token('shared', 570_000)));
    await cache.get(b, () => Promise.resolve(token('other', 570_000)));
    expect(cache.invalidate('nope')).toBe(false);
    expect(cache.invalidate('shared')).toBe(true);
    expect(cache.fresh(a)).toBeUndefined();
    expect(cache.fresh(b)).toBeDefined();
  });

  it('a request in flight when clear() runs does not refill the entry', async () => {
    const cache = new TokenCache(() => 0, 60);
    const e = cache.entry('k');
    const d = deferred<AccessToken>();
    const p = cache.get(e, () => d.promise);
    cache.clear();
    d.resolve(token('late', 570_000));
    expect((await p).accessToken).toBe('late'); // its callers still get it
    expect(cache.fresh(e)).toBeUndefined();
  });

  it('sweeps idle entries past 256, never pinned or fresh ones', async () => {
    const cache = new TokenCache(() => 0, 60);
    const pinned = cache.entry('pinned', true);
    const fresh = cache.entry('fresh');
    await cache.get(fresh, () => Promise.resolve(token('t', 570_000)));
    for (let i = 0; i < 300; i++) cache.entry(`idle-${i}`);
    expect(cache.size).toBeLessThanOrEqual(257);
    expect(cache.entry('pinned')).toBe(pinned);
    expect(cache.entry('fresh')).toBe(fresh);
  });
});

describe('TokenCache with timers (the system clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retires a token at refreshAt by timer, without reading the clock on each lookup', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let reads = 0;
    const now = (): number => {
      reads += 1;
      return Date.now();
    };
    const cache = new TokenCache(now, 60, true);
    const e = cache.entry('k');
    let n = 0;
    const fetchToken = (): Promise<AccessToken> =>
      Promise.resolve(token(`t${++n}`, Date.now() + 570_000));
    await cache.get(e, fetchToken);
    reads = 0;
    for (let i = 0; i < 100; i++) expect(cache.fresh(e)).toBeDefined();
    expect(reads).toBe(0);
    await vi.advanceTimersByTimeAsync(510_000 - 1);
    expect((await cache.get(e, fetchToken)).accessToken).toBe('t1');
    await vi.advanceTimersByTimeAsync(1);
    expect(cache.fresh(e)).toBeUndefined();
    expect((await cache.get(e, fetchToken)).accessToken).toBe('t2');
  });

  it('still checks the clock every 256th lookup (a late timer after host suspend)', async () => {
    let wall = 0;
    const cache = new TokenCache(() => wall, 60, true);
    const e = cache.entry('k');
    await cache.get(e, () => Promise.resolve(token('t1', 570_000)));
    wall = 600_000; // the wall clock jumped; the timer has not fired
    let stale = false;
    for (let i = 0; i < 256 && !stale; i++) stale = cache.fresh(e) === undefined;
    expect(stale).toBe(true);
    expect(cache.fresh(e)).toBeUndefined(); // retired, not served again
    cache.clear();
  });

  it('invalidate clears the timer', async () => {
    vi.useFakeTimers();
    const cache = new TokenCache(Date.now, 60, true);
    const e = cache.entry('k');
    await cache.get(e, () => Promise.resolve(token('t1', Date.now() + 570_000)));
    expect(vi.getTimerCount()).toBe(1);
    cache.invalidate('t1');
    expect(vi.getTimerCount()).toBe(0);
  });
});
