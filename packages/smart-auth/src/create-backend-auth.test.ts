import { exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { createBackendAuth } from './create-backend-auth.js';
import { SmartAuthError } from './errors.js';
import type { Logger } from './logger.js';

const TOKEN_URL = 'https://authorization.example/tenants/t1/protocols/oauth2/profiles/smart-v1/token';
const SECRET = 's3cr3t-value-never-logged';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function tokenServer(opts: { expiresIn?: number; scope?: (requested: string) => string } = {}) {
  const calls: { url: string; init: RequestInit; form: URLSearchParams }[] = [];
  let n = 0;
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const form = new URLSearchParams(String(init?.body ?? ''));
    calls.push({ url: String(url), init: init!, form });
    await Promise.resolve();
    n += 1;
    return jsonResponse({
      access_token: `token-${n}`,
      scope: opts.scope ? opts.scope(form.get('scope')!) : form.get('scope'),
      token_type: 'Bearer',
      expires_in: opts.expiresIn ?? 570,
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

describe('createBackendAuth: client_secret_basic', () => {
  it('sends Basic credentials and a client_credentials form', async () => {
    const server = tokenServer();
    const auth = createBackendAuth({ clientId: 'id:with colon', credentials: { clientSecret: 'p@ss wörd' }, tokenUrl: TOKEN_URL, fetch: server.fetch });
    const token = await auth.getToken(['system/Patient.read', 'system/Encounter.read']);
    expect(token.accessToken).toBe('token-1');
    const { init, form } = server.calls[0]!;
    const headers = init.headers as Record<string, string>;
    const decoded = Buffer.from(headers.Authorization!.slice('Basic '.length), 'base64').toString();
    expect(decoded).toBe('id%3Awith+colon:p%40ss+w%C3%B6rd');
    expect(headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('system/Patient.read system/Encounter.read');
    expect(form.has('client_assertion')).toBe(false);
  });

  it('1,000 concurrent getToken() calls on a cold cache make one request', async () => {
    const server = tokenServer();
    const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch: server.fetch, scopes: 'system/Patient.read' });
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => auth.getToken()));
    expect(server.fetch).toHaveBeenCalledTimes(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
  });

  it('keys the cache by scopes, refreshes before expiry, and invalidates', async () => {
    let now = 1_000_000;
    const server = tokenServer({ expiresIn: 570 });
    const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch: server.fetch, now: () => now, refreshMarginSeconds: 60 });
    const a = await auth.getToken('system/Patient.read system/Encounter.read');
    expect((await auth.getToken(['system/Encounter.read', 'system/Patient.read'])).accessToken).toBe(a.accessToken);
    expect((await auth.getToken('system/Patient.read')).accessToken).not.toBe(a.accessToken);
    expect(server.fetch).toHaveBeenCalledTimes(2);
    now += 509_000; // 61 s before expiry: still fresh
    expect((await auth.getToken('system/Patient.read system/Encounter.read')).accessToken).toBe(a.accessToken);
    now += 2_000; // inside the 60 s margin
    const b = await auth.getToken('system/Patient.read system/Encounter.read');
    expect(b.accessToken).not.toBe(a.accessToken);
    auth.invalidate(b.accessToken);
    expect((await auth.getToken('system/Patient.read system/Encounter.read')).accessToken).not.toBe(b.accessToken);
  });

  it('reports scopes Cerner silently dropped', async () => {
    const server = tokenServer({ scope: () => 'system/Patient.read' });
    const warn = vi.fn();
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() };
    const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch: server.fetch, logger });
    const t = await auth.getToken(['system/Patient.read', 'system/Patient.write']);
    expect(t.scopes).toEqual(['system/Patient.read']);
    expect(t.droppedScopes).toEqual(['system/Patient.write']);
    expect(warn.mock.calls[0]![1]).toMatchObject({ droppedScopes: ['system/Patient.write'] });
  });

  it('does not count a v1 -> v2 conversion as dropped', async () => {
    const server = tokenServer({ scope: () => 'system/Patient.rs' });
    const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch: server.fetch });
    expect((await auth.getToken('system/Patient.read')).droppedScopes).toEqual([]);
  });
});

describe('createBackendAuth: private_key_jwt', () => {
  it('posts a signed assertion whose aud is the discovered token URL', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const seen: string[] = [];
    const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      seen.push(String(url));
      if (String(url).endsWith('/.well-known/smart-configuration')) {
        return jsonResponse({ token_endpoint: TOKEN_URL, token_endpoint_auth_methods_supported: ['private_key_jwt'] });
      }
      const form = new URLSearchParams(String(init?.body));
      expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
      const { payload } = await jwtVerify(form.get('client_assertion')!, publicKey, { audience: TOKEN_URL, issuer: 'app' });
      expect(payload.sub).toBe('app');
      return jsonResponse({ access_token: 'jwt-token', scope: form.get('scope'), token_type: 'bearer', expires_in: 300 });
    }) as typeof globalThis.fetch;
    const auth = createBackendAuth({ clientId: 'app', credentials: { privateKey: jwk, keyId: 'k1', alg: 'RS384' }, fhirBaseUrl: 'https://fhir.example/r4/t1/', fetch });
    const t = await auth.getToken('system/Patient.read');
    expect(t.accessToken).toBe('jwt-token');
    expect(seen[0]).toBe('https://fhir.example/r4/t1/.well-known/smart-configuration');
  });
});

describe('errors', () => {
  it('maps Cerner error bodies, keeps error_uri, never leaks the secret', async () => {
    const errorUri =
      'https://authorization.cerner.com/errors/urn%3Acerner%3Aerror%3Aauthorization-server%3Aoauth2%3Atoken%3Aempty-scopes/instances/6813f4e8-18a2-4745-941c-9898536f4585?client=c&tenant=t1';
    const fetch = (async () => jsonResponse({ error: 'invalid_scope', error_uri: errorUri }, 400)) as typeof globalThis.fetch;
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch, logger });
    const err = await auth.getToken('system/Patient.read').catch((e: unknown) => e);
    expect(SmartAuthError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'invalid_scope', status: 400, errorUri, retryable: false });
    expect((err as Error).message).toMatch(/Code Console/);
    const everything = JSON.stringify([err, (err as Error).message, (err as Error).stack, vi.mocked(logger.warn).mock.calls]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(Buffer.from(`c:${SECRET}`).toString('base64'));
  });

  it('401 invalid_client, 5xx retryable, bad bodies', async () => {
    const cases: [Response, Record<string, unknown>][] = [
      [jsonResponse({ error: 'invalid_client', error_uri: 'https://x/e' }, 401), { code: 'invalid_client', status: 401 }],
      [new Response('<html>oops</html>', { status: 503 }), { code: 'bad_response', status: 503, retryable: true }],
      [jsonResponse({ access_token: 'a', token_type: 'mac', expires_in: 570 }), { code: 'bad_response' }],
      [jsonResponse({ access_token: 'a', token_type: 'Bearer', expires_in: -1 }), { code: 'bad_response' }],
      [jsonResponse({ token_type: 'Bearer', expires_in: 570 }), { code: 'bad_response' }],
    ];
    for (const [res, expected] of cases) {
      const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch: (async () => res) as typeof fetch });
      await expect(auth.getToken('system/Patient.read')).rejects.toMatchObject(expected);
    }
  });

  it('a failed request is not cached', async () => {
    let fail = true;
    const fetch = (async () => (fail ? jsonResponse({ error: 'server_error' }, 500) : jsonResponse({ access_token: 'ok', token_type: 'Bearer', expires_in: 570 }))) as typeof globalThis.fetch;
    const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch });
    await expect(auth.getToken('system/Patient.read')).rejects.toMatchObject({ retryable: true });
    fail = false;
    expect((await auth.getToken('system/Patient.read')).accessToken).toBe('ok');
  });

  it('times out and reports network failures', async () => {
    const hang = ((_u: unknown, init?: RequestInit) =>
      new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch: hang, timeoutMs: 20 });
    await expect(auth.getToken('system/Patient.read')).rejects.toMatchObject({ code: 'timeout', retryable: true });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const auth2 = createBackendAuth({ clientId: 'c', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL, fetch: down });
    await expect(auth2.getToken('system/Patient.read')).rejects.toMatchObject({ code: 'network' });
  });

  it('validates options before any request, naming the field', async () => {
    const fetch = vi.fn() as unknown as typeof globalThis.fetch;
    const bad: [unknown, string][] = [
      [{ clientId: '', credentials: { clientSecret: 'x' }, tokenUrl: TOKEN_URL }, 'clientId'],
      [{ clientId: 'c', credentials: { clientSecret: 'x' } }, 'tokenUrl'],
      [{ clientId: 'c', credentials: { clientSecret: 'x' }, tokenUrl: 'not a url' }, 'tokenUrl'],
      [{ clientId: 'c', credentials: {}, tokenUrl: TOKEN_URL }, 'credentials'],
      [{ clientId: 'c', credentials: { privateKey: 'k', keyId: 'k', alg: 'HS256' }, tokenUrl: TOKEN_URL }, 'credentials.alg'],
      [{ clientId: 'c', credentials: { privateKey: 'k', alg: 'RS384' }, tokenUrl: TOKEN_URL }, 'credentials.keyId'],
    ];
    for (const [opts, field] of bad) {
      expect(() => createBackendAuth({ ...(opts as object), fetch } as never)).toThrow(expect.objectContaining({ code: 'invalid_options', field }));
    }
    const auth = createBackendAuth({ clientId: 'c', credentials: { clientSecret: 'x' }, tokenUrl: TOKEN_URL, fetch });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'invalid_options', field: 'scopes' });
    expect(fetch).not.toHaveBeenCalled();
  });
});
