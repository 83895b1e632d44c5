import { decodeProtectedHeader, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createClientAssertion } from './client-assertion.js';
import { SmartAuthError } from './errors.js';

const tokenUrl = 'https://authorization.example/tenants/t/protocols/oauth2/profiles/smart-v1/token';

describe('createClientAssertion', () => {
  for (const alg of ['RS384', 'ES384'] as const) {
    it(`signs a SMART-shaped ${alg} assertion`, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const now = 1_700_000_000_000;
      const jwt = await createClientAssertion({
        clientId: 'client-1',
        tokenUrl,
        privateKey: await exportPKCS8(privateKey),
        keyId: 'k1',
        alg,
        now: () => now,
        jku: 'https://app.example/jwks.json',
      });
      expect(decodeProtectedHeader(jwt)).toEqual({ alg, kid: 'k1', typ: 'JWT', jku: 'https://app.example/jwks.json' });
      const { payload } = await jwtVerify(jwt, publicKey, { currentDate: new Date(now), audience: tokenUrl, algorithms: [alg] });
      expect(payload.iss).toBe('client-1');
      expect(payload.sub).toBe('client-1');
      expect(payload.exp! - payload.iat!).toBe(240);
      expect(payload.exp! * 1000 - now).toBeLessThanOrEqual(300_000);
      expect(typeof payload.jti).toBe('string');
    });
  }
  it('uses a fresh jti each time', async () => {
    const { privateKey } = await generateKeyPair('ES384');
    const opts = { clientId: 'c', tokenUrl, privateKey, keyId: 'k', alg: 'ES384' as const };
    const [a, b] = await Promise.all([createClientAssertion(opts), createClientAssertion(opts)]);
    const jti = (t: string): unknown => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).jti;
    expect(jti(a)).not.toBe(jti(b));
  });
  it('refuses lifetimes over 5 minutes and unusable keys', async () => {
    const { privateKey } = await generateKeyPair('ES384');
    await expect(createClientAssertion({ clientId: 'c', tokenUrl, privateKey, keyId: 'k', alg: 'ES384', lifetimeSeconds: 301 })).rejects.toMatchObject({
      code: 'invalid_options',
      field: 'lifetimeSeconds',
    });
    const err = await createClientAssertion({ clientId: 'c', tokenUrl, privateKey: 'not a pem', keyId: 'k', alg: 'RS384' }).catch((e: unknown) => e);
    expect(SmartAuthError.isInstance(err) && err.field).toBe('credentials.privateKey');
  });
});
