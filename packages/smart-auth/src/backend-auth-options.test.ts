import { generateKeyPair } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ID, FHIR_BASE, fakeFetch, SECRET, TOKEN_URL } from './__fixtures__/cerner.js';
import { createBackendAuth } from './create-backend-auth.js';

const secretOptions = {
  clientId: CLIENT_ID,
  credentials: { clientSecret: SECRET },
  tokenUrl: TOKEN_URL,
};

afterEach(() => {
  vi.useRealTimers();
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
