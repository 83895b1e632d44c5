import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_ID,
  cernerToken,
  fakeFetch,
  json,
  SECRET,
  TOKEN_URL,
} from './__fixtures__/cerner.js';
import { createBackendAuth } from './create-backend-auth.js';

const NOW = 1_767_225_600_000;
const secretOptions = {
  clientId: CLIENT_ID,
  credentials: { clientSecret: SECRET },
  tokenUrl: TOKEN_URL,
};

afterEach(() => {
  vi.useRealTimers();
});

describe('createBackendAuth: the token cache (single flight, refresh, invalidate)', () => {
  it('single flight: 1,000 concurrent getToken() calls on a cold cache make one request', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch, scopes: ['system/Patient.read'] });
    const tokens = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        i % 2 === 0 ? auth.getToken() : auth.getToken('system/Patient.read'),
      ),
    );
    expect(fetch.calls).toHaveLength(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it('single flight per scope set: different sets request separately', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch });
    const [a, b] = await Promise.all([
      auth.getToken('system/Patient.read'),
      auth.getToken('system/Encounter.read'),
    ]);
    expect(fetch.calls).toHaveLength(2);
    expect(a.accessToken).not.toBe(b.accessToken);
  });

  it('a warm getToken() returns the same resolved promise without a request', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch, scopes: 'system/Patient.read' });
    await auth.getToken();
    const scopes = ['system/Patient.read'];
    await auth.getToken(scopes);
    expect(auth.getToken()).toBe(auth.getToken());
    expect(auth.getToken('system/Patient.read')).toBe(auth.getToken());
    expect(auth.getToken(scopes)).toBe(auth.getToken());
    expect(fetch.calls).toHaveLength(1);
  });

  it('an array mutated after use is re-read, not served from a stale alias', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch });
    const scopes = ['system/Patient.read'];
    const a = await auth.getToken(scopes);
    scopes[0] = 'system/Encounter.read';
    const b = await auth.getToken(scopes);
    expect(b.accessToken).not.toBe(a.accessToken);
    expect(b.requestedScopes).toEqual(['system/Encounter.read']);
  });

  it('refreshes before expiry using the injected clock (default margin 60 s)', async () => {
    let now = NOW;
    const fetch = fakeFetch();
    const auth = createBackendAuth({
      ...secretOptions,
      fetch,
      now: () => now,
      scopes: 'system/Patient.read',
    });
    const first = await auth.getToken();
    now = NOW + 570_000 - 60_001;
    expect((await auth.getToken()).accessToken).toBe(first.accessToken);
    now = NOW + 570_000 - 60_000;
    const second = await auth.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBe(now + 570_000);
    expect(fetch.calls).toHaveLength(2);
  });

  it('honours refreshMarginSeconds, capped to half the lifetime of short tokens', async () => {
    let now = NOW;
    const fetch = fakeFetch((call, n) => json(cernerToken(`t${n}`, call.form.get('scope')!, 60)));
    const auth = createBackendAuth({
      ...secretOptions,
      fetch,
      now: () => now,
      scopes: 'system/Patient.read',
      refreshMarginSeconds: 300,
    });
    await auth.getToken();
    now = NOW + 29_999;
    expect((await auth.getToken()).accessToken).toBe('t1');
    now = NOW + 30_000;
    expect((await auth.getToken()).accessToken).toBe('t2');
  });

  it('invalidate(token) after a 401 makes the next getToken() fetch a new token', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch, scopes: 'system/Patient.read' });
    // What fhir-r4-actions does: call, 401, invalidate, retry once.
    const callFhir = async (token: string): Promise<number> => (token === 'token-1' ? 401 : 200);
    let token = await auth.getToken();
    let status = await callFhir(token.accessToken);
    if (status === 401) {
      await auth.invalidate(token.accessToken);
      token = await auth.getToken();
      status = await callFhir(token.accessToken);
    }
    expect(status).toBe(200);
    expect(token.accessToken).toBe('token-2');
    await auth.invalidate('unknown-token'); // harmless
    expect((await auth.getToken()).accessToken).toBe('token-2');
    expect(fetch.calls).toHaveLength(2);
  });

  it('concurrent callers after an invalidate still share one request', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch, scopes: 'system/Patient.read' });
    const t = await auth.getToken();
    await auth.invalidate(t.accessToken);
    const again = await Promise.all(Array.from({ length: 50 }, () => auth.getToken()));
    expect(new Set(again.map((x) => x.accessToken))).toEqual(new Set(['token-2']));
    expect(fetch.calls).toHaveLength(2);
  });
});

describe('createBackendAuth: system clock', () => {
  it('refreshes before expiry without an injected clock (fake timers)', async () => {
    vi.useFakeTimers({ now: NOW });
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch, scopes: 'system/Patient.read' });
    const first = await auth.getToken();
    expect(first.expiresAt).toBe(NOW + 570_000);
    await vi.advanceTimersByTimeAsync(509_999);
    expect(await auth.getToken()).toBe(first);
    await vi.advanceTimersByTimeAsync(1);
    expect((await auth.getToken()).accessToken).toBe('token-2');
    expect(fetch.calls).toHaveLength(2);
  });
});
