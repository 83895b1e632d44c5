import { describe, expect, it } from 'vitest';
import { TokenCache, type CacheEntry } from './token-cache.js';
import type { AccessToken } from './token-request.js';
import type { StoredToken } from './token-store.js';

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

/** What createBackendAuth passes: the token with the cache's refresh time and a store key. */
function via(
  cache: TokenCache,
  fetchToken: () => Promise<AccessToken>,
): () => Promise<{ stored: StoredToken; storeKey: string }> {
  return async () => {
    const token = await fetchToken();
    return { stored: { token, refreshAt: cache.refreshTime(token) }, storeKey: 'store-key' };
  };
}

function get(
  cache: TokenCache,
  e: CacheEntry,
  fetchToken: () => Promise<AccessToken>,
): Promise<AccessToken> {
  return cache.get(e, via(cache, fetchToken));
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
    const all = Array.from({ length: 1000 }, () => get(cache, e, fetchToken));
    expect(calls).toBe(1);
    d.resolve(token('t1', now + 570_000));
    const tokens = await Promise.all(all);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['t1']));
    now += 1;
    expect(cache.fresh(e)).toBe(cache.fresh(e)); // the same resolved promise, no allocation
    expect((await get(cache, e, fetchToken)).accessToken).toBe('t1');
    expect(calls).toBe(1);
  });

  it('does not cache a failure; the next call retries', async () => {
    const cache = new TokenCache(() => 0, 60);
    const e = cache.entry('k');
    const d = deferred<AccessToken>();
    const a = get(cache, e, () => d.promise);
    const b = get(cache, e, () => Promise.resolve(token('never', 1)));
    d.reject(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    await expect(b).rejects.toThrow('boom');
    expect(e.inFlight).toBeUndefined();
    expect((await get(cache, e, () => Promise.resolve(token('t2', 570_000)))).accessToken).toBe(
      't2',
    );
  });

  it('refreshes refreshMarginSeconds before expiry', async () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now, 60);
    const e = cache.entry('k');
    let n = 0;
    const fetchToken = (): Promise<AccessToken> => Promise.resolve(token(`t${++n}`, now + 570_000));
    await get(cache, e, fetchToken);
    now += 570_000 - 60_000 - 1; // 1 ms before the margin
    expect((await get(cache, e, fetchToken)).accessToken).toBe('t1');
    now += 1; // at expiresAt - margin
    expect(cache.fresh(e)).toBeUndefined();
    expect((await get(cache, e, fetchToken)).accessToken).toBe('t2');
  });

  it('caps the margin to half the lifetime of a short token', async () => {
    let now = 0;
    const cache = new TokenCache(() => now, 60);
    const e = cache.entry('k');
    let n = 0;
    const fetchToken = (): Promise<AccessToken> => Promise.resolve(token(`t${++n}`, now + 30_000)); // 30 s token
    await get(cache, e, fetchToken);
    now = 14_999;
    expect((await get(cache, e, fetchToken)).accessToken).toBe('t1');
    now = 15_000;
    expect((await get(cache, e, fetchToken)).accessToken).toBe('t2');
  });

  it('invalidate drops every entry holding the token, only that token', async () => {
    const cache = new TokenCache(() => 0, 60);
    const a = cache.entry('a');
    const b = cache.entry('b');
    await get(cache, a, () => Promise.resolve(token('shared', 570_000)));
    await get(cache, b, () => Promise.resolve(token('other', 570_000)));
    expect(cache.invalidate('nope')).toEqual([]);
    expect(cache.invalidate('shared')).toEqual(['store-key']);
    expect(cache.fresh(a)).toBeUndefined();
    expect(cache.fresh(b)).toBeDefined();
  });

  it('a request in flight when clear() runs does not refill the entry', async () => {
    const cache = new TokenCache(() => 0, 60);
    const e = cache.entry('k');
    const d = deferred<AccessToken>();
    const p = get(cache, e, () => d.promise);
    cache.clear();
    d.resolve(token('late', 570_000));
    expect((await p).accessToken).toBe('late'); // its callers still get it
    expect(cache.fresh(e)).toBeUndefined();
  });

  it('sweeps idle entries past 256, never pinned or fresh ones', async () => {
    const cache = new TokenCache(() => 0, 60);
    const pinned = cache.entry('pinned', true);
    const fresh = cache.entry('fresh');
    await get(cache, fresh, () => Promise.resolve(token('t', 570_000)));
    for (let i = 0; i < 300; i++) cache.entry(`idle-${i}`);
    expect(cache.size).toBeLessThanOrEqual(257);
    expect(cache.entry('pinned')).toBe(pinned);
    expect(cache.entry('fresh')).toBe(fresh);
  });
});

describe('TokenCache: one code path for every clock', () => {
  it('reads the clock on every warm lookup, injected or not (no timer mode)', async () => {
    let reads = 0;
    let wall = 1_000_000;
    const cache = new TokenCache(() => {
      reads += 1;
      return wall;
    }, 60);
    const e = cache.entry('k');
    await get(cache, e, () => Promise.resolve(token('t1', wall + 570_000)));
    reads = 0;
    for (let i = 0; i < 100; i++) expect(cache.fresh(e)).toBeDefined();
    expect(reads).toBe(100);
    wall += 600_000; // a suspended host wakes up: the very next lookup sees it
    expect(cache.fresh(e)).toBeUndefined();
  });

  it('invalidate returns the store keys of the entries that held the token, and rejects it for good', async () => {
    const cache = new TokenCache(() => 0, 60);
    const e = cache.entry('k');
    await get(cache, e, () => Promise.resolve(token('t1', 570_000)));
    expect(cache.invalidate('t1')).toEqual(['store-key']);
    expect(cache.invalidate('t1')).toEqual([]);
    // A late answer carrying the refused token (e.g. read from a shared store) is not cached.
    await get(cache, e, () => Promise.resolve(token('t1', 570_000)));
    expect(cache.fresh(e)).toBeUndefined();
  });
});
