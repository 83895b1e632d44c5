import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_ID,
  cernerToken,
  FHIR_BASE,
  fakeFetch,
  json,
  memoryLogger,
  SECRET,
  TOKEN_URL,
  type RecordedCall,
} from './__fixtures__/cerner.js';
import { createBackendAuth } from './create-backend-auth.js';

const secretOptions = {
  clientId: CLIENT_ID,
  credentials: { clientSecret: SECRET },
  tokenUrl: TOKEN_URL,
};

afterEach(() => {
  vi.useRealTimers();
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
