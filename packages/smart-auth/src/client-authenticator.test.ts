import { exportJWK, exportPKCS8, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cernerToken, FHIR_BASE, fakeFetch, json, TOKEN_URL } from './__fixtures__/cerner.js';
import { createBackendAuth } from './create-backend-auth.js';

const NOW = 1_767_225_600_000;

afterEach(() => {
  vi.useRealTimers();
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
