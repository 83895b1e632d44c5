import { inspect } from 'node:util';
import { exportJWK, exportPKCS8, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_ID,
  cernerErrorUri,
  cernerToken,
  FHIR_BASE,
  fakeFetch,
  hangingFetch,
  json,
  memoryLogger,
  SECRET,
  TOKEN_URL,
  settlement,
  type RecordedCall,
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

describe('createBackendAuth: discovery', () => {
  const discoveryDoc = {
    token_endpoint: TOKEN_URL,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
  };
  const server = (doc: unknown = discoveryDoc) =>
    fakeFetch((call: RecordedCall, n: number) =>
      call.url.endsWith('/.well-known/smart-configuration')
        ? json(doc)
        : json(cernerToken(`token-${n}`, call.form.get('scope')!)),
    );

  it('discovers the token URL once, with single flight, then posts to it', async () => {
    const fetch = server();
    const auth = createBackendAuth({
      clientId: CLIENT_ID,
      credentials: { clientSecret: SECRET },
      fhirBaseUrl: `${FHIR_BASE}/`,
      fetch,
    });
    const results = await Promise.all([
      auth.discover(),
      auth.discover(),
      auth.getToken('system/Patient.read'),
      auth.getToken('system/Encounter.read'),
    ]);
    expect(results[0]).toBe(results[1]);
    expect(fetch.calls.map((c) => c.url)).toEqual([
      `${FHIR_BASE}/.well-known/smart-configuration`,
      TOKEN_URL,
      TOKEN_URL,
    ]);
    await auth.discover();
    expect(fetch.calls).toHaveLength(3);
  });

  it('1,000 concurrent cold getToken() calls: one discovery and one token request', async () => {
    const fetch = server();
    const auth = createBackendAuth({
      clientId: CLIENT_ID,
      credentials: { clientSecret: SECRET },
      fhirBaseUrl: FHIR_BASE,
      fetch,
      scopes: 'system/Patient.read',
    });
    await Promise.all(Array.from({ length: 1000 }, () => auth.getToken()));
    expect(fetch.calls).toHaveLength(2);
  });

  it('a failed discovery is not cached', async () => {
    let up = false;
    const fetch = fakeFetch((call, n) => {
      if (call.url.endsWith('smart-configuration')) return up ? json(discoveryDoc) : json({}, 503);
      return json(cernerToken(`token-${n}`, 'system/Patient.read'));
    });
    const auth = createBackendAuth({
      clientId: CLIENT_ID,
      credentials: { clientSecret: SECRET },
      fhirBaseUrl: FHIR_BASE,
      fetch,
    });
    await expect(auth.getToken('system/Patient.read')).rejects.toMatchObject({
      code: 'discovery_failed',
      status: 503,
      retryable: true,
    });
    up = true;
    expect((await auth.getToken('system/Patient.read')).accessToken).toMatch(/^token-/);
  });

  it('with a tokenUrl, discover() answers without a request and tokenUrl wins', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...secretOptions, fetch });
    expect(await auth.discover()).toEqual({ token_endpoint: TOKEN_URL });
    expect(fetch.calls).toHaveLength(0);
    const both = server({ ...discoveryDoc, token_endpoint: 'https://elsewhere.example/token' });
    const auth2 = createBackendAuth({ ...secretOptions, fhirBaseUrl: FHIR_BASE, fetch: both });
    await auth2.getToken('system/Patient.read');
    expect(both.calls.map((c) => c.url)).toEqual([TOKEN_URL]);
    expect((await auth2.discover()).token_endpoint).toBe('https://elsewhere.example/token');
  });

  it('warns when the server does not advertise the auth method', async () => {
    const logger = memoryLogger();
    const fetch = server({
      token_endpoint: TOKEN_URL,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
    const auth = createBackendAuth({
      clientId: CLIENT_ID,
      credentials: { clientSecret: SECRET },
      fhirBaseUrl: FHIR_BASE,
      fetch,
      logger,
    });
    await auth.discover();
    expect(
      logger.lines.some((l) => l.level === 'warn' && l.fields?.method === 'client_secret_basic'),
    ).toBe(true);
  });
});

describe('createBackendAuth: private_key_jwt', () => {
  for (const alg of ['RS384', 'ES384'] as const) {
    it(`posts a ${alg} assertion for the discovered token URL, fresh per request`, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const pem = await exportPKCS8(privateKey);
      let now = NOW;
      let jti = 0;
      const assertions: string[] = [];
      const fetch = fakeFetch(async (call, n) => {
        if (call.url.endsWith('/.well-known/smart-configuration')) {
          return json({ token_endpoint: TOKEN_URL });
        }
        expect(call.headers.get('authorization')).toBeNull();
        expect(call.form.get('client_assertion_type')).toBe(
          'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        );
        assertions.push(call.form.get('client_assertion')!);
        return json(cernerToken(`jwt-token-${n}`, call.form.get('scope')!, 300));
      });
      const auth = createBackendAuth({
        clientId: 'my-system-app',
        credentials: { privateKey: pem, keyId: 'key-1', alg, jku: 'https://app.example/jwks.json' },
        fhirBaseUrl: FHIR_BASE,
        fetch,
        now: () => now,
        randomId: () => `jti-${++jti}`,
        scopes: 'system/Patient.rs',
      });
      const t1 = await auth.getToken();
      await auth.invalidate(t1.accessToken);
      now += 1_000;
      await auth.getToken();
      expect(assertions).toHaveLength(2);
      for (const [i, a] of assertions.entries()) {
        const { payload, protectedHeader } = await jwtVerify(a, publicKey, {
          currentDate: new Date(now),
          audience: TOKEN_URL,
          issuer: 'my-system-app',
          subject: 'my-system-app',
          algorithms: [alg],
          typ: 'JWT',
        });
        expect(protectedHeader).toEqual({
          alg,
          kid: 'key-1',
          typ: 'JWT',
          jku: 'https://app.example/jwks.json',
        });
        expect(payload.jti).toBe(`jti-${i + 1}`);
        expect(payload.exp! - payload.iat!).toBe(240);
      }
    });
  }

  it('accepts a private JWK and refuses a public one at creation', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const fetch = fakeFetch();
    const auth = createBackendAuth({
      clientId: 'c',
      credentials: { privateKey: await exportJWK(privateKey), keyId: 'k', alg: 'ES384' },
      tokenUrl: TOKEN_URL,
      fetch,
    });
    await auth.getToken('system/Patient.rs');
    const pub: JWK = await exportJWK(publicKey);
    expect(() =>
      createBackendAuth({
        clientId: 'c',
        credentials: { privateKey: pub, keyId: 'k', alg: 'ES384' },
        tokenUrl: TOKEN_URL,
        fetch,
      }),
    ).toThrow(
      expect.objectContaining({ code: 'invalid_options', field: 'credentials.privateKey' }),
    );
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

describe('createBackendAuth: no secret, assertion or token leaks', () => {
  it('client_secret_basic: errors and logs never contain the secret, the Basic value or a token', async () => {
    const logger = memoryLogger();
    const basic = basicAuthorization(CLIENT_ID, SECRET).slice('Basic '.length);
    const responses = [
      () => json(cernerToken('ACCESS-TOKEN-1', 'system/Patient.read')),
      () =>
        json(
          {
            error: 'invalid_client',
            error_uri: cernerErrorUri('oauth2:token:invalid-client-credentials', 'unknown'),
            error_description: `bad ${SECRET}`,
          },
          401,
        ),
      () => json({ access_token: 'ACCESS-TOKEN-2', token_type: 'mac', expires_in: 570 }),
      () => new Response(`<html>echo ${basic}</html>`, { status: 500 }),
    ];
    const fetch = fakeFetch((_c, n) => responses[n - 1]!());
    const auth = createBackendAuth({ ...secretOptions, fetch, logger });
    const errors: unknown[] = [];
    const t = await auth.getToken('system/Patient.read');
    await auth.invalidate(t.accessToken);
    for (let i = 0; i < 3; i++) {
      errors.push(await auth.getToken('system/Patient.read').catch((e: unknown) => e));
    }
    expect(errors.map((e) => (e as SmartAuthError).code)).toEqual([
      'invalid_client',
      'bad_response',
      'bad_response',
    ]);
    const haystack = [
      ...errors.map(
        (e) =>
          JSON.stringify(e) +
          (e as Error).message +
          String((e as Error).stack) +
          inspect(e, { depth: 5 }),
      ),
      JSON.stringify(logger.lines),
    ].join('\n');
    for (const needle of [SECRET, basic, 'ACCESS-TOKEN-1', 'ACCESS-TOKEN-2']) {
      expect(haystack).not.toContain(needle);
    }
    expect(logger.lines.length).toBeGreaterThan(0);
  });

  it('private_key_jwt: errors and logs never contain the assertion or the key', async () => {
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const logger = memoryLogger();
    let assertion = '';
    const fetch = fakeFetch((call) => {
      assertion = call.form.get('client_assertion')!;
      return json(
        {
          error: 'invalid_client',
          error_description: `assertion ${assertion} rejected`,
          error_uri: cernerErrorUri('client-assertion:jwt-bearer:invalid-signature'),
        },
        401,
      );
    });
    const auth = createBackendAuth({
      clientId: 'c',
      credentials: { privateKey: jwk, keyId: 'k', alg: 'ES384' },
      tokenUrl: TOKEN_URL,
      fetch,
      logger,
    });
    const err = await auth.getToken('system/Patient.rs').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_client', status: 401 });
    expect(assertion.length).toBeGreaterThan(50);
    const haystack =
      JSON.stringify(err) +
      (err as Error).message +
      String((err as Error).stack) +
      inspect(err, { depth: 5 }) +
      JSON.stringify(logger.lines);
    expect(haystack).not.toContain(assertion);
    expect(haystack).not.toContain(assertion.split('.')[2]!);
    expect(haystack).not.toContain(jwk.d!);
  });

  it('option errors never echo the secret or key', () => {
    const cases = [
      { clientId: '', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL },
      {
        clientId: 'c',
        credentials: { clientSecret: SECRET, privateKey: SECRET },
        tokenUrl: TOKEN_URL,
      },
      {
        clientId: 'c',
        credentials: {
          privateKey: `-----BEGIN RSA PRIVATE KEY-----${SECRET}`,
          keyId: 'k',
          alg: 'RS384',
        },
        tokenUrl: TOKEN_URL,
      },
    ];
    for (const o of cases) {
      let err: unknown;
      try {
        createBackendAuth(o as never);
      } catch (e) {
        err = e;
      }
      expect(SmartAuthError.isInstance(err)).toBe(true);
      expect(JSON.stringify(err) + (err as Error).message).not.toContain(SECRET);
    }
  });
});

describe('createBackendAuth: options', () => {
  it('validates options at creation, naming the field, before any request', async () => {
    const fetch = fakeFetch();
    const { privateKey } = await generateKeyPair('RS384');
    const key = { privateKey, keyId: 'k', alg: 'RS384' as const };
    const cases: [Record<string, unknown>, string][] = [
      [{ clientId: '' }, 'clientId'],
      [{ clientId: '  ' }, 'clientId'],
      [{ clientId: 7 }, 'clientId'],
      [{ tokenUrl: undefined }, 'tokenUrl'],
      [{ tokenUrl: 'not a url' }, 'tokenUrl'],
      [{ tokenUrl: '/token' }, 'tokenUrl'],
      [{ tokenUrl: 'ftp://auth.example/token' }, 'tokenUrl'],
      [{ tokenUrl: 'https://user:pw-9f3@auth.example/token' }, 'tokenUrl'],
      [{ tokenUrl: 'https://user@auth.example/token' }, 'tokenUrl'],
      [{ tokenUrl: undefined, fhirBaseUrl: 'https://u:pw-9f3@fhir.example/r4' }, 'fhirBaseUrl'],
      [{ credentials: { ...key, jku: 'https://u:pw-9f3@keys.example/jwks' } }, 'credentials.jku'],
      [{ tokenUrl: undefined, fhirBaseUrl: 'fhir' }, 'fhirBaseUrl'],
      [{ credentials: undefined }, 'credentials'],
      [{ credentials: {} }, 'credentials'],
      [{ credentials: { clientSecret: '' } }, 'credentials.clientSecret'],
      [{ credentials: { clientSecret: SECRET, privateKey } }, 'credentials'],
      [{ credentials: { clientSecret: SECRET, keyId: 'k' } }, 'credentials.keyId'],
      [{ credentials: { ...key, alg: 'RS256' } }, 'credentials.alg'],
      [{ credentials: { ...key, alg: 'HS384' } }, 'credentials.alg'],
      [{ credentials: { ...key, alg: undefined } }, 'credentials.alg'],
      [{ credentials: { ...key, keyId: '' } }, 'credentials.keyId'],
      [{ credentials: { ...key, jku: 'jwks.json' } }, 'credentials.jku'],
      [{ credentials: { ...key, privateKey: 'not a pem' } }, 'credentials.privateKey'],
      [{ credentials: { ...key, privateKey: null } }, 'credentials.privateKey'],
      [{ scopes: 42 }, 'scopes'],
      [{ scopes: ['ok', 1] }, 'scopes'],
      [{ refreshMarginSeconds: -1 }, 'refreshMarginSeconds'],
      [{ refreshMarginSeconds: Number.NaN }, 'refreshMarginSeconds'],
      [{ timeoutMs: 0 }, 'timeoutMs'],
      [{ timeoutMs: '1000' }, 'timeoutMs'],
      [{ timeoutMs: 2 ** 31 }, 'timeoutMs'],
      [{ tokenStoreTimeoutMs: 2 ** 31 }, 'tokenStoreTimeoutMs'],
      [{ tokenStoreTimeoutMs: 0 }, 'tokenStoreTimeoutMs'],
      [{ tokenStore: {} }, 'tokenStore.get'],
      [{ tokenStore: 'redis' }, 'tokenStore'],
      [{ fetch: 'fetch' }, 'fetch'],
      [{ now: 5 }, 'now'],
      [{ randomId: 'x' }, 'randomId'],
      [{ logger: console.log }, 'logger'],
      [{ logger: { debug: () => undefined } }, 'logger.info'],
      [{ scope: 'system/Patient.read' }, 'scope'],
    ];
    for (const [patch, field] of cases) {
      const options = { ...secretOptions, fetch, ...patch };
      expect(() => createBackendAuth(options as never), JSON.stringify(patch)).toThrow(
        expect.objectContaining({
          code: 'invalid_options',
          field,
          message: expect.stringContaining(field) as unknown,
        }),
      );
      expect(() => createBackendAuth(options as never)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('pw-9f3') as unknown }),
      );
    }
    expect(() => createBackendAuth(undefined as never)).toThrow(
      expect.objectContaining({ code: 'invalid_options' }),
    );
    expect(fetch.calls).toHaveLength(0);
  });

  it('accepts http token URLs (the local mock) and both URL options', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({
      ...secretOptions,
      tokenUrl: 'http://127.0.0.1:8080/token',
      fhirBaseUrl: FHIR_BASE,
      fetch,
    });
    await auth.getToken('system/Patient.read');
    expect(fetch.calls[0]!.url).toBe('http://127.0.0.1:8080/token');
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
