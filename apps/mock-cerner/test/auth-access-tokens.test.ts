import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokenIssuer } from '../src/auth/access-tokens.js';
import { DEFAULT_TENANT_ID } from '../src/config.js';
import { testClock } from './auth-helpers.js';

describe('access tokens', () => {
  it('are ES256 JWTs in Cerner’s shape', async () => {
    const clock = testClock();
    const tokens = createAccessTokenIssuer({ tenantId: DEFAULT_TENANT_ID, now: clock.now });
    const { token, expiresIn } = await tokens.issue('app', [
      'system/Patient.read',
      'system/Encounter.rs',
    ]);
    expect(expiresIn).toBe(570);
    const header = decodeProtectedHeader(token);
    expect(header).toEqual({
      kid: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\.ec$/),
      typ: 'JWT',
      alg: 'ES256',
    });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: 'app',
      azp: 'app',
      aud: DEFAULT_TENANT_ID,
      iss: 'https://authorization.cerner.com/',
      iat: clock.s(),
      exp: clock.s() + 600,
      'urn:com:cerner:authorization:claims': {
        ver: '1.0',
        tnt: DEFAULT_TENANT_ID,
        azs: 'system/Patient.read system/Encounter.rs',
      },
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    const jwks = await tokens.publicJwks();
    expect(jwks.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      kid: header.kid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('verify: claims until expiry (injected clock), then undefined; cached results follow the clock too', async () => {
    const clock = testClock();
    const tokens = createAccessTokenIssuer({ tenantId: DEFAULT_TENANT_ID, now: clock.now });
    const { token } = await tokens.issue('app', ['system/Patient.read']);
    const claims = await tokens.verify(token);
    expect(claims).toEqual({
      clientId: 'app',
      tenantId: DEFAULT_TENANT_ID,
      scopes: ['system/Patient.read'],
      expiresAt: (clock.s() + 600) * 1000,
    });
    expect(await tokens.verify(token)).toBe(claims); // the cache
    clock.advance(599_000);
    expect(await tokens.verify(token)).toBeDefined();
    clock.advance(1_000);
    expect(await tokens.verify(token)).toBeUndefined();
    const fresh = createAccessTokenIssuer({ tenantId: DEFAULT_TENANT_ID, now: clock.now });
    clock.advance(-1_000);
    expect(await fresh.verify(token)).toBeUndefined(); // another issuer's key
  });

  it('verify refuses tampered tokens, another tenant’s tokens and junk', async () => {
    const clock = testClock();
    const a = createAccessTokenIssuer({ tenantId: DEFAULT_TENANT_ID, now: clock.now });
    const { token } = await a.issue('app', ['system/Patient.read']);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims['urn:com:cerner:authorization:claims'].azs = 'system/Patient.write';
    expect(
      await a.verify(`${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`),
    ).toBeUndefined();
    for (const junk of ['', 'abc', 'a.b.c', `${h}.${p}.`, 'x'.repeat(20_000)]) {
      expect(await a.verify(junk)).toBeUndefined();
    }
    const other = createAccessTokenIssuer({ tenantId: 'other-tenant', now: clock.now });
    expect(
      await other.verify((await other.issue('app', ['system/Patient.read'])).token),
    ).toBeDefined();
    expect(
      await a.verify((await other.issue('app', ['system/Patient.read'])).token),
    ).toBeUndefined();
  });

  it('revoke makes a token (even a cached one) unusable; the cache stays bounded', async () => {
    const clock = testClock();
    const tokens = createAccessTokenIssuer({
      tenantId: DEFAULT_TENANT_ID,
      now: clock.now,
      cacheSize: 3,
    });
    const issued = await Promise.all(
      [1, 2, 3, 4, 5].map(() => tokens.issue('app', ['system/Patient.read'])),
    );
    for (const { token } of issued) expect(await tokens.verify(token)).toBeDefined();
    tokens.revoke(issued[4]!.token);
    expect(await tokens.verify(issued[4]!.token)).toBeUndefined();
    expect(await tokens.verify(issued[0]!.token)).toBeDefined(); // evicted from the cache, verified again
    tokens.revoke('not a token');
  });

  it('revoking a token also stops a cached other spelling of it (base64url spare bits)', async () => {
    const tokens = createAccessTokenIssuer({ tenantId: DEFAULT_TENANT_ID, now: testClock().now });
    const { token } = await tokens.issue('app', ['system/Patient.read']);
    // The 64-byte ES256 signature leaves 4 unused bits in its last base64url character.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    const alias = token.slice(0, -1) + alphabet[last ^ 1]!;
    expect(alias).not.toBe(token);
    expect(await tokens.verify(alias)).toBeDefined();
    expect(await tokens.verify(token)).toBeDefined();
    tokens.revoke(token);
    expect(await tokens.verify(token)).toBeUndefined();
    expect(await tokens.verify(alias)).toBeUndefined();
  });

  it('verify refuses tokens signed with its own key but over-long, issued in the future, without iat, or alg none', async () => {
    const clock = testClock();
    const keyPair = await generateKeyPair('ES256');
    const tokens = createAccessTokenIssuer({
      tenantId: DEFAULT_TENANT_ID,
      now: clock.now,
      keyPair,
    });
    const { token } = await tokens.issue('app', ['system/Patient.read']);
    const [header] = token.split('.');
    const base = decodeJwt(token);
    const forge = async (claims: Record<string, unknown>): Promise<string> => {
      const c: Record<string, unknown> = { ...base, jti: crypto.randomUUID(), ...claims };
      for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
      return new SignJWT(c)
        .setProtectedHeader({ ...decodeProtectedHeader(token), alg: 'ES256' })
        .sign(keyPair.privateKey);
    };
    const now = clock.s();
    // The same key signs a well-formed token the issuer would have issued: accepted.
    expect(await tokens.verify(await forge({ iat: now, exp: now + 600 }))).toBeDefined();
    expect(await tokens.verify(await forge({ iat: now, exp: now + 601 }))).toBeUndefined();
    expect(await tokens.verify(await forge({ iat: now, exp: now + 86_400 }))).toBeUndefined();
    expect(await tokens.verify(await forge({ iat: now - 500, exp: now + 86_400 }))).toBeUndefined();
    expect(await tokens.verify(await forge({ iat: now + 3600, exp: now + 3900 }))).toBeUndefined();
    expect(await tokens.verify(await forge({ iat: undefined, exp: now + 300 }))).toBeUndefined();
    const payload = Buffer.from(JSON.stringify(base)).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await tokens.verify(`${none}.${payload}.`)).toBeUndefined();
    expect(await tokens.verify(`${header}.${payload}.`)).toBeUndefined();
  });

  it('hands out frozen scope lists', async () => {
    const tokens = createAccessTokenIssuer({ tenantId: DEFAULT_TENANT_ID, now: testClock().now });
    const { token } = await tokens.issue('app', ['system/Patient.read']);
    expect(Object.isFrozen((await tokens.verify(token))!.scopes)).toBe(true);
  });
});
