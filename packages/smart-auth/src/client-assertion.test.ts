import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { TOKEN_URL } from './__fixtures__/cerner.js';
import { createClientAssertion, importSigningKey, privateKeyProblem } from './client-assertion.js';
import { SmartAuthError } from './errors.js';

const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('createClientAssertion', () => {
  for (const alg of ['RS384', 'ES384'] as const) {
    it(`signs a SMART-shaped ${alg} assertion that verifies with the public key`, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const jwt = await createClientAssertion({
        clientId: 'my-system-app',
        tokenUrl: TOKEN_URL,
        privateKey: await exportPKCS8(privateKey),
        keyId: 'key-2026-11',
        alg,
        now: () => NOW,
        jku: 'https://app.example/.well-known/jwks.json',
        jti: 'jti-1',
      });
      expect(decodeProtectedHeader(jwt)).toEqual({
        alg,
        kid: 'key-2026-11',
        typ: 'JWT',
        jku: 'https://app.example/.well-known/jwks.json',
      });
      const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, {
        currentDate: new Date(NOW),
        algorithms: [alg],
        audience: TOKEN_URL,
        issuer: 'my-system-app',
        subject: 'my-system-app',
        typ: 'JWT',
        requiredClaims: ['exp', 'jti'],
      });
      expect(protectedHeader.alg).toBe(alg);
      expect(payload).toEqual({
        iss: 'my-system-app',
        sub: 'my-system-app',
        aud: TOKEN_URL, // a single string, the token URL exactly
        iat: NOW / 1000,
        exp: NOW / 1000 + 240,
        jti: 'jti-1',
      });
    });
  }

  it('omits jku unless given and defaults jti to a fresh UUID', async () => {
    const { privateKey } = await generateKeyPair('ES384');
    const opts = {
      clientId: 'c',
      tokenUrl: TOKEN_URL,
      privateKey,
      keyId: 'k',
      alg: 'ES384' as const,
    };
    const jwts = await Promise.all(Array.from({ length: 20 }, () => createClientAssertion(opts)));
    expect(decodeProtectedHeader(jwts[0]!)).toEqual({ alg: 'ES384', kid: 'k', typ: 'JWT' });
    const jtis = jwts.map((j) => claims(j).jti as string);
    expect(new Set(jtis).size).toBe(20);
    expect(jtis[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps exp at most 5 minutes ahead', async () => {
    const { privateKey } = await generateKeyPair('RS384');
    const base = {
      clientId: 'c',
      tokenUrl: TOKEN_URL,
      privateKey,
      keyId: 'k',
      alg: 'RS384' as const,
      now: () => NOW,
    };
    expect(claims(await createClientAssertion({ ...base, lifetimeSeconds: 300 })).exp).toBe(
      NOW / 1000 + 300,
    );
    expect(claims(await createClientAssertion({ ...base, lifetimeSeconds: 60 })).exp).toBe(
      NOW / 1000 + 60,
    );
    for (const lifetimeSeconds of [301, 0, -5, Number.NaN]) {
      await expect(createClientAssertion({ ...base, lifetimeSeconds })).rejects.toMatchObject({
        code: 'invalid_options',
        field: 'lifetimeSeconds',
      });
    }
  });

  it('keeps aud verbatim (no URL normalisation)', async () => {
    const { privateKey } = await generateKeyPair('ES384');
    const tokenUrl =
      'https://Authorization.Cerner.com:443/tenants/T/hosts/fhir-ehr-code.cerner.com/protocols/oauth2/profiles/smart-v1/token';
    const jwt = await createClientAssertion({
      clientId: 'c',
      tokenUrl,
      privateKey,
      keyId: 'k',
      alg: 'ES384',
    });
    expect(claims(jwt).aud).toBe(tokenUrl);
  });

  it('accepts a private JWK, a Node KeyObject and a CryptoKey', async () => {
    const rsa = await generateKeyPair('RS384', { extractable: true });
    const { publicKey: ecPublic, privateKey: ecPrivate } = generateKeyPairSync('ec', {
      namedCurve: 'P-384',
    });
    const inputs = [
      {
        privateKey: await exportJWK(rsa.privateKey),
        alg: 'RS384' as const,
        verifyWith: rsa.publicKey,
      },
      { privateKey: rsa.privateKey, alg: 'RS384' as const, verifyWith: rsa.publicKey },
      { privateKey: ecPrivate, alg: 'ES384' as const, verifyWith: ecPublic },
      {
        privateKey: createPrivateKey(ecPrivate.export({ format: 'pem', type: 'pkcs8' })),
        alg: 'ES384' as const,
        verifyWith: ecPublic,
      },
    ];
    for (const { privateKey, alg, verifyWith } of inputs) {
      const jwt = await createClientAssertion({
        clientId: 'c',
        tokenUrl: TOKEN_URL,
        privateKey,
        keyId: 'k',
        alg,
      });
      await expect(
        jwtVerify(jwt, verifyWith, { audience: TOKEN_URL, algorithms: [alg] }),
      ).resolves.toBeDefined();
    }
  });

  it('refuses other algorithms and missing fields, naming the field', async () => {
    const { privateKey } = await generateKeyPair('RS384');
    const base = {
      clientId: 'c',
      tokenUrl: TOKEN_URL,
      privateKey,
      keyId: 'k',
      alg: 'RS384' as const,
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ alg: 'RS256' }, 'credentials.alg'],
      [{ alg: 'HS384' }, 'credentials.alg'],
      [{ alg: 'none' }, 'credentials.alg'],
      [{ clientId: '' }, 'clientId'],
      [{ tokenUrl: '/token' }, 'tokenUrl'],
      [{ keyId: '' }, 'credentials.keyId'],
      [{ jku: 'jwks.json' }, 'credentials.jku'],
      [{ jti: '' }, 'jti'],
    ];
    for (const [patch, field] of cases) {
      await expect(
        createClientAssertion({ ...base, ...patch } as never),
        field,
      ).rejects.toMatchObject({ code: 'invalid_options', field });
    }
  });

  it('refuses unusable keys without echoing them', async () => {
    const ec = await generateKeyPair('ES384', { extractable: true });
    const p256 = await generateKeyPair('ES256', { extractable: true });
    const rsaPem = await exportPKCS8(
      (await generateKeyPair('RS384', { extractable: true })).privateKey,
    );
    const cases: [unknown, 'RS384' | 'ES384'][] = [
      ['not a pem', 'RS384'],
      [rsaPem.replace('PRIVATE KEY-----\n', 'PRIVATE KEY-----\nAAAA'), 'RS384'],
      [await exportJWK(ec.publicKey), 'ES384'],
      [await exportJWK(p256.privateKey), 'ES384'],
      [await exportJWK(ec.privateKey), 'RS384'],
      [ec.publicKey, 'ES384'],
      [rsaPem, 'ES384'],
      [42, 'RS384'],
    ];
    for (const [privateKey, alg] of cases) {
      const err = await createClientAssertion({
        clientId: 'c',
        tokenUrl: TOKEN_URL,
        privateKey: privateKey as never,
        keyId: 'k',
        alg,
      }).catch((e: unknown) => e);
      expect(SmartAuthError.isInstance(err), String(privateKey).slice(0, 20)).toBe(true);
      expect(err).toMatchObject({ code: 'invalid_options', field: 'credentials.privateKey' });
      expect(JSON.stringify(err) + (err as Error).message).not.toContain('MII');
    }
  });
});

describe('privateKeyProblem', () => {
  it('explains PKCS#1 and public PEMs', () => {
    expect(privateKeyProblem('-----BEGIN RSA PRIVATE KEY-----\n…', 'RS384')).toMatch(/PKCS#8/);
    expect(privateKeyProblem('-----BEGIN PUBLIC KEY-----\n…', 'RS384')).toMatch(/public/);
    expect(privateKeyProblem('-----BEGIN PRIVATE KEY-----\n…', 'RS384')).toBeUndefined();
  });
});

describe('importSigningKey', () => {
  it('imports a JWK object once', async () => {
    const jwk = await exportJWK((await generateKeyPair('ES384', { extractable: true })).privateKey);
    const [a, b] = await Promise.all([
      importSigningKey(jwk, 'ES384'),
      importSigningKey(jwk, 'ES384'),
    ]);
    expect(a).toBe(b);
  });
});
