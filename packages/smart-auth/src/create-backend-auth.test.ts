import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_ID,
  cernerErrorUri,
  cernerToken,
  fakeFetch,
  hangingFetch,
  json,
  memoryLogger,
  SECRET,
  TOKEN_URL,
  settlement,
} from './__fixtures__/cerner.js';
import { createBackendAuth } from './create-backend-auth.js';
import { SmartAuthError } from './errors.js';
import type { Logger } from './logger.js';
import { basicAuthorization } from './token-request.js';

const NOW = 1_767_225_600_000;
const secretOptions = {
  clientId: CLIENT_ID,
  credentials: { clientSecret: SECRET },
  tokenUrl: TOKEN_URL,
};

afterEach(() => {
  vi.useRealTimers();
});

describe('createBackendAuth: client_secret_basic', () => {
  it('sends Cerner-shaped requests and returns the token', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch, now: () => NOW });
    const t = await auth.getToken(['system/Patient.read', 'system/Encounter.read']);
    expect(t).toEqual({
      accessToken: 'token-1',
      tokenType: 'Bearer',
      expiresAt: NOW + 570_000,
      scopes: ['system/Patient.read', 'system/Encounter.read'],
      requestedScopes: ['system/Patient.read', 'system/Encounter.read'],
      droppedScopes: [],
    });
    const call = fetch.calls[0]!;
    expect(call.url).toBe(TOKEN_URL);
    expect(call.method).toBe('POST');
    expect(call.headers.get('authorization')).toBe(basicAuthorization(CLIENT_ID, SECRET));
    expect(call.headers.get('accept')).toBe('application/json');
    expect(call.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect([...call.form]).toEqual([
      ['grant_type', 'client_credentials'],
      ['scope', 'system/Patient.read system/Encounter.read'],
    ]);
    expect(auth.clientId).toBe(CLIENT_ID);
  });

  it("encodes ids with ':' and non-ASCII secrets per RFC 6749 §2.3.1", async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({
      clientId: 'tenant:app',
      credentials: { clientSecret: 'pässwörd:1' },
      tokenUrl: TOKEN_URL,
      fetch,
    });
    await auth.getToken('system/Patient.read');
    const b64 = fetch.calls[0]!.headers.get('authorization')!.slice('Basic '.length);
    expect(Buffer.from(b64, 'base64').toString()).toBe('tenant%3Aapp:p%C3%A4ssw%C3%B6rd%3A1');
  });

  it('getToken() without scopes uses options.scopes', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({
      ...secretOptions,
      fetch,
      scopes: 'system/Patient.read system/Appointment.read',
    });
    const t = await auth.getToken();
    expect(t.requestedScopes).toEqual(['system/Patient.read', 'system/Appointment.read']);
    expect(fetch.calls[0]!.form.get('scope')).toBe('system/Patient.read system/Appointment.read');
    // The same set written differently hits the same cache entry.
    expect(
      await auth.getToken([
        'system/Appointment.read',
        'system/Patient.read',
        'system/Patient.read',
      ]),
    ).toBe(t);
    expect(await auth.getToken(' system/Appointment.read  system/Patient.read ')).toBe(t);
    expect(await auth.getToken([])).toBe(t);
    expect(fetch.calls).toHaveLength(1);
  });

  it('without any scopes fails with invalid_options before any request', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch });
    for (const scopes of [undefined, '', '   ', []] as const) {
      await expect(auth.getToken(scopes)).rejects.toMatchObject({
        code: 'invalid_options',
        field: 'scopes',
      });
    }
    await expect(auth.getToken(42 as never)).rejects.toMatchObject({
      code: 'invalid_options',
      field: 'scopes',
    });
    expect(fetch.calls).toHaveLength(0);
  });

  it('warns, naming the scopes Cerner silently dropped', async () => {
    const logger = memoryLogger();
    const fetch = fakeFetch(() =>
      json(cernerToken('t', 'system/Patient.read system/Appointment.read')),
    );
    const auth = createBackendAuth({ ...secretOptions, fetch, logger });
    const t = await auth.getToken([
      'system/Patient.read',
      'system/Patient.write',
      'system/Appointment.read',
    ]);
    expect(t.scopes).toEqual(['system/Patient.read', 'system/Appointment.read']);
    expect(t.droppedScopes).toEqual(['system/Patient.write']);
    const warn = logger.lines.find((l) => l.level === 'warn');
    expect(warn?.fields).toMatchObject({
      droppedScopes: ['system/Patient.write'],
      clientId: CLIENT_ID,
    });
  });
});

describe('createBackendAuth: errors', () => {
  it("maps Cerner's invalid_scope and keeps error_uri", async () => {
    const errorUri = cernerErrorUri('oauth2:token:empty-scopes');
    const fetch = fakeFetch(() => json({ error: 'invalid_scope', error_uri: errorUri }, 400));
    const auth = createBackendAuth({ ...secretOptions, fetch });
    const err = await auth.getToken('system/Patient.read').catch((e: unknown) => e);
    expect(SmartAuthError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({
      code: 'invalid_scope',
      status: 400,
      errorUri,
      retryable: false,
      missingScopes: ['system/Patient.read'],
    });
  });

  it('a failed request is not cached: the next call retries', async () => {
    let fail = true;
    const fetch = fakeFetch((call) =>
      fail
        ? json({ error: 'server_error' }, 500)
        : json(cernerToken('ok', call.form.get('scope')!)),
    );
    const auth = createBackendAuth({ ...secretOptions, fetch, scopes: 'system/Patient.read' });
    const failures = await Promise.allSettled(Array.from({ length: 10 }, () => auth.getToken()));
    expect(
      failures.every((r) => r.status === 'rejected' && (r.reason as SmartAuthError).retryable),
    ).toBe(true);
    expect(fetch.calls).toHaveLength(1);
    fail = false;
    expect((await auth.getToken()).accessToken).toBe('ok');
    expect(fetch.calls).toHaveLength(2);
  });

  it('times out after timeoutMs with code timeout (fake timers)', async () => {
    vi.useFakeTimers();
    const auth = createBackendAuth({
      ...secretOptions,
      fetch: hangingFetch(),
      timeoutMs: 3_000,
      scopes: 'system/Patient.read',
    });
    const p = auth.getToken();
    const state = settlement(p);
    const settled = expect(p).rejects.toMatchObject({ code: 'timeout', retryable: true });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(state.settled).toBe(false); // not a millisecond early
    await vi.advanceTimersByTimeAsync(1);
    await settled;
  });

  it('network failures are retryable', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const auth = createBackendAuth({ ...secretOptions, fetch });
    await expect(auth.getToken('system/Patient.read')).rejects.toMatchObject({
      code: 'network',
      retryable: true,
    });
  });

  it('a logger that throws does not break getToken', async () => {
    const boom = (): never => {
      throw new Error('logger down');
    };
    const logger: Logger = { debug: boom, info: boom, warn: boom, error: boom };
    const auth = createBackendAuth({
      ...secretOptions,
      fetch: fakeFetch(() => json(cernerToken('t', ''))),
      logger,
    });
    expect((await auth.getToken('system/Patient.read')).droppedScopes).toEqual([
      'system/Patient.read',
    ]);
  });
});
