import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_ID,
  cernerToken,
  fakeFetch,
  json,
  memoryLogger,
  SECRET,
  TOKEN_URL,
} from './__fixtures__/cerner.js';
import { createBackendAuth } from './create-backend-auth.js';
import { createMemoryTokenStore } from './memory-token-store.js';
import type { StoredToken, TokenStore } from './token-store.js';
import { tokenStoreKey } from './token-store.js';

const NOW = 1_767_225_600_000;
const SCOPE = 'system/Patient.read';

/** Several "processes": auth clients with their own L1 cache, sharing one store and one server. */
function fleet(n: number, store: TokenStore, clock: { ms: number }, extra: object = {}) {
  const fetch = fakeFetch();
  const auths = Array.from({ length: n }, () =>
    createBackendAuth({
      clientId: CLIENT_ID,
      credentials: { clientSecret: SECRET },
      tokenUrl: TOKEN_URL,
      scopes: SCOPE,
      fetch,
      now: () => clock.ms,
      tokenStore: store,
      ...extra,
    }),
  );
  return { fetch, auths };
}

/** A store whose every call fails (Redis down), or hangs (Redis stopped), on demand. */
function flakyStore(
  inner: TokenStore,
): TokenStore & { mode: 'up' | 'down' | 'hang'; calls: number } {
  const self = {
    mode: 'up' as 'up' | 'down' | 'hang',
    calls: 0,
    run<T>(f: () => Promise<T>): Promise<T> {
      self.calls += 1;
      if (self.mode === 'down') {
        return Promise.reject(Object.assign(new Error('ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      }
      if (self.mode === 'hang') return new Promise<T>(() => undefined);
      return f();
    },
    get: (k: string) => self.run(() => inner.get(k)),
    set: (k: string, v: StoredToken, ttl: number) => self.run(() => inner.set(k, v, ttl)),
    lock: (k: string, ttl: number) => self.run(() => inner.lock(k, ttl)),
    delete: (k: string, t?: string) => self.run(() => inner.delete(k, t)),
  };
  return self;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createBackendAuth with a shared TokenStore', () => {
  it('8 clients x 50 concurrent cold calls make one token request, and the L1 serves warm calls', async () => {
    const clock = { ms: NOW };
    const store = createMemoryTokenStore({ now: () => clock.ms });
    const { fetch, auths } = fleet(8, store, clock);
    const tokens = await Promise.all(
      auths.flatMap((a) => Array.from({ length: 50 }, () => a.getToken())),
    );
    expect(fetch.calls).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['token-1']));
    // Warm: the same resolved promise, no store call.
    expect(auths[3]!.getToken()).toBe(auths[3]!.getToken());
  });

  it('after expiry: one refresh for the fleet, not one per client', async () => {
    const clock = { ms: NOW };
    const { fetch, auths } = fleet(8, createMemoryTokenStore({ now: () => clock.ms }), clock);
    await Promise.all(auths.map((a) => a.getToken()));
    clock.ms += 570_000 - 60_000; // the refresh margin
    const again = await Promise.all(auths.map((a) => a.getToken()));
    expect(fetch.calls).toHaveLength(2);
    expect(new Set(again.map((t) => t.accessToken))).toEqual(new Set(['token-2']));
  });

  it('revocation: every client invalidates the refused token; one new token for all, never the refused one', async () => {
    const clock = { ms: NOW };
    const { fetch, auths } = fleet(8, createMemoryTokenStore({ now: () => clock.ms }), clock);
    const first = await Promise.all(auths.map((a) => a.getToken()));
    const next = await Promise.all(
      auths.map(async (a, i) => {
        await a.invalidate(first[i]!.accessToken); // each got its own 401
        return a.getToken();
      }),
    );
    expect(fetch.calls).toHaveLength(2);
    expect(new Set(next.map((t) => t.accessToken))).toEqual(new Set(['token-2']));
  });

  it('a late invalidate of an old token does not delete the fresh one another client stored', async () => {
    const clock = { ms: NOW };
    const store = createMemoryTokenStore({ now: () => clock.ms });
    const { fetch, auths } = fleet(2, store, clock);
    const [a, b] = auths as [(typeof auths)[0], (typeof auths)[0]];
    const t1 = await a.getToken();
    await b.getToken();
    await a.invalidate(t1.accessToken);
    const t2 = await a.getToken();
    await b.invalidate(t1.accessToken); // b's 401 for t1 arrives late
    expect((await b.getToken()).accessToken).toBe(t2.accessToken);
    expect((await store.get(tokenStoreKey(TOKEN_URL, CLIENT_ID, [SCOPE])))?.token.accessToken).toBe(
      t2.accessToken,
    );
    expect(fetch.calls).toHaveLength(2);
  });

  it('never reads a refused token back from the store', async () => {
    const clock = { ms: NOW };
    const inner = createMemoryTokenStore({ now: () => clock.ms });
    // A store that "forgets" deletes (e.g. a replica that lags): it keeps handing out token-1.
    const stubborn: TokenStore = { ...inner, delete: () => Promise.resolve() };
    const { fetch, auths } = fleet(1, stubborn, clock);
    const t1 = await auths[0]!.getToken();
    await auths[0]!.invalidate(t1.accessToken);
    expect((await auths[0]!.getToken()).accessToken).toBe('token-2');
    expect(fetch.calls).toHaveLength(2);
  });

  it('store down: no request fails, each client fetches once, one warning per outage, then rejoins', async () => {
    const clock = { ms: NOW };
    const store = flakyStore(createMemoryTokenStore({ now: () => clock.ms }));
    const logger = memoryLogger();
    const { fetch, auths } = fleet(4, store, clock, { logger });
    await Promise.all(auths.map((a) => a.getToken()));
    expect(fetch.calls).toHaveLength(1);

    store.mode = 'down';
    clock.ms += 570_000; // everyone needs a new token while the store is down
    const during = await Promise.all(auths.flatMap((a) => [a.getToken(), a.getToken()]));
    expect(during).toHaveLength(8);
    expect(fetch.calls).toHaveLength(1 + 4); // at most one per client
    await Promise.all(auths.map((a) => a.getToken())); // warm from L1: no more requests
    expect(fetch.calls).toHaveLength(5);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(4); // one per client (process), not one per call
    expect(warnings[0]!.fields).toMatchObject({ failure: 'ECONNREFUSED', operation: 'get' });

    store.mode = 'up';
    clock.ms += 570_000;
    await Promise.all(auths.map((a) => a.getToken()));
    expect(fetch.calls).toHaveLength(6); // back to one for the fleet
    expect(logger.lines.filter((l) => l.level === 'info')).toHaveLength(4);
    expect(JSON.stringify(logger.lines)).not.toMatch(/token-\d/);
  });

  it('a store that hangs is bounded by tokenStoreTimeoutMs and never blocks a request', async () => {
    const clock = { ms: NOW };
    const store = flakyStore(createMemoryTokenStore({ now: () => clock.ms }));
    store.mode = 'hang';
    const { fetch, auths } = fleet(1, store, clock, { tokenStoreTimeoutMs: 5 });
    expect((await auths[0]!.getToken()).accessToken).toBe('token-1');
    expect(fetch.calls).toHaveLength(1);
  });

  it('garbage from the store is ignored and replaced', async () => {
    const clock = { ms: NOW };
    const inner = createMemoryTokenStore({ now: () => clock.ms });
    const key = tokenStoreKey(TOKEN_URL, CLIENT_ID, [SCOPE]);
    await inner.set(key, { nonsense: true } as unknown as StoredToken, 60_000);
    const { fetch, auths } = fleet(1, inner, clock);
    expect((await auths[0]!.getToken()).accessToken).toBe('token-1');
    expect((await inner.get(key))?.token.accessToken).toBe('token-1');
    expect(fetch.calls).toHaveLength(1);
  });

  it('waits for the lock holder, then falls back to fetching itself when the holder never stores', async () => {
    const clock = { ms: NOW };
    const inner = createMemoryTokenStore({ now: () => clock.ms });
    const key = tokenStoreKey(TOKEN_URL, CLIENT_ID, [SCOPE]);
    await inner.lock(key, 60_000); // a holder that died mid-fetch
    const fetch = fakeFetch((call, n) => json(cernerToken(`own-${n}`, call.form.get('scope')!)));
    const auth = createBackendAuth({
      clientId: CLIENT_ID,
      credentials: { clientSecret: SECRET },
      tokenUrl: TOKEN_URL,
      scopes: SCOPE,
      fetch,
      now: () => clock.ms,
      tokenStore: inner,
      timeoutMs: 50, // the lock wait is bounded by about timeoutMs + 1 s
    });
    vi.useFakeTimers(); // the polls wait on timers: advance them instead of sleeping
    const p = auth.getToken();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetch.calls).toHaveLength(0); // still waiting on the holder
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await p).accessToken).toBe('own-1');
    expect(fetch.calls).toHaveLength(1);
  });

  it('store keys hash token URL, client and scope set, and never contain the secret', () => {
    const k = tokenStoreKey(TOKEN_URL, CLIENT_ID, ['b', 'a', 'a']);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(k).toBe(tokenStoreKey(TOKEN_URL, CLIENT_ID, ['a', 'b']));
    expect(k).not.toBe(tokenStoreKey(TOKEN_URL, 'other-client', ['a', 'b']));
    expect(k).not.toBe(tokenStoreKey(`${TOKEN_URL}x`, CLIENT_ID, ['a', 'b']));
    expect(k).not.toBe(tokenStoreKey(TOKEN_URL, CLIENT_ID, ['a']));
    expect(k).not.toContain(SECRET);
  });
});

describe('createMemoryTokenStore', () => {
  it('expires values and locks; compare-and-delete; lock release is the holder’s only', async () => {
    const clock = { ms: 0 };
    const store = createMemoryTokenStore({ now: () => clock.ms });
    const value = { token: { accessToken: 'a' }, refreshAt: 10 } as unknown as StoredToken;
    await store.set('k', value, 100);
    expect(await store.get('k')).toBe(value);
    await store.delete('k', 'other');
    expect(await store.get('k')).toBe(value);
    await store.delete('k', 'a');
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', value, 100);
    clock.ms = 100;
    expect(await store.get('k')).toBeUndefined();

    const first = await store.lock('k', 50);
    expect(first).toBeDefined();
    expect(await store.lock('k', 50)).toBeUndefined();
    clock.ms = 150; // expired: another holder takes it
    const second = await store.lock('k', 50);
    expect(second).toBeDefined();
    await first!.release(); // the old holder's release must not free the new holder's lock
    expect(await store.lock('k', 50)).toBeUndefined();
    await second!.release();
    expect(await store.lock('k', 50)).toBeDefined();
  });
});
