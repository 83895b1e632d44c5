import { createHmac, createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { generateKeyPair } from 'jose';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '../src/config.js';
import type { RegisteredClient } from '../src/auth/client-registry.js';
import {
  b64json,
  defaultBasic,
  expectCernerError,
  form,
  jwtForm,
  JWT_BEARER,
  postForm,
  signAssertion,
  testKey,
  testMock,
  type TestKey,
} from './auth-helpers.js';

let rsa: TestKey;
let ec: TestKey;
const CLIENT = 'jwt-client';
const client = (over: Partial<RegisteredClient> = {}): RegisteredClient => ({
  clientId: CLIENT,
  jwks: { keys: [rsa.jwk, ec.jwk] },
  scopes: ['system/Patient.read', 'system/Encounter.read'],
  scopeStyle: 'both',
  ...over,
});

beforeAll(async () => {
  rsa = await testKey('RS384', 'rsa-1');
  ec = await testKey('ES384', 'ec-1');
});

function setup(
  over: Partial<RegisteredClient> = {},
  fetchFn?: typeof fetch,
): ReturnType<typeof testMock> & {
  sign: (
    key: TestKey,
    o?: Parameters<typeof signAssertion>[1] extends infer P ? Partial<P> : never,
  ) => Promise<string>;
} {
  const t = testMock({ clients: [client(over)], ...(fetchFn ? { fetch: fetchFn } : {}) });
  return {
    ...t,
    sign: (key, o = {}) =>
      signAssertion(key, { clientId: CLIENT, aud: t.tokenUrl, nowS: t.clock.s(), ...o }),
  };
}

describe('private_key_jwt: valid assertions', () => {
  it('accepts RS384 and ES384, with or without a matching client_id, and the token carries the grant', async () => {
    const t = setup();
    const r1 = await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa)));
    expect(r1.status).toBe(200);
    expect(Object.keys(r1.body)).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
    expect(await t.mock.state.accessTokens.verify(r1.body.access_token)).toMatchObject({
      clientId: CLIENT,
      scopes: ['system/Patient.read'],
    });
    const r2 = await postForm(
      t.mock,
      t.tokenPath,
      jwtForm(await t.sign(ec, { header: { typ: 'jwt' } }), 'system/Encounter.read', {
        client_id: CLIENT,
      }),
    );
    expect(r2.status).toBe(200);
    expect(r2.body.scope).toBe('system/Encounter.read');
  });

  it('binds aud to the URL form it was posted to', async () => {
    const t = setup();
    expect(
      (await postForm(t.mock, t.hostTokenPath, jwtForm(await t.sign(rsa, { aud: t.hostTokenUrl }))))
        .status,
    ).toBe(200);
    expectCernerError(
      await postForm(t.mock, t.hostTokenPath, jwtForm(await t.sign(rsa, { aud: t.tokenUrl }))),
      401,
      'invalid_client',
      'invalid-assertion',
      { client: CLIENT },
    );
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa, { aud: t.hostTokenUrl }))),
      401,
      'invalid_client',
      'invalid-assertion',
      { client: CLIENT },
    );
  });

  it('accepts an exp within the 30 s leeway and iat/nbf in the past', async () => {
    const t = setup();
    const now = t.clock.s();
    expect(
      (
        await postForm(
          t.mock,
          t.tokenPath,
          jwtForm(await t.sign(rsa, { claims: { exp: now - 10, iat: now - 100, nbf: now - 100 } })),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await postForm(
          t.mock,
          t.tokenPath,
          jwtForm(await t.sign(rsa, { claims: { exp: now + 300 } })),
        )
      ).status,
    ).toBe(200);
  });
});

describe('private_key_jwt: refused assertions (401 invalid_client unless noted)', () => {
  it('alg none, HS256 signed with the RSA public key, RS256 and PS384', async () => {
    const t = setup();
    const claims = {
      iss: CLIENT,
      sub: CLIENT,
      aud: t.tokenUrl,
      jti: crypto.randomUUID(),
      exp: t.clock.s() + 200,
    };
    const none = `${b64json({ alg: 'none', kid: 'rsa-1', typ: 'JWT' })}.${b64json(claims)}.`;
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(none)),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
    const pem = createPublicKey({ key: rsa.jwk as never, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    for (const secret of [pem, JSON.stringify(rsa.jwk)]) {
      const input = `${b64json({ alg: 'HS256', kid: 'rsa-1', typ: 'JWT' })}.${b64json({ ...claims, jti: crypto.randomUUID() })}`;
      const hs = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      expectCernerError(
        await postForm(t.mock, t.tokenPath, jwtForm(hs)),
        401,
        'invalid_client',
        'invalid-signature',
        { client: CLIENT },
      );
    }
    const rs256 = await generateKeyPair('RS256');
    expectCernerError(
      await postForm(
        t.mock,
        t.tokenPath,
        jwtForm(await t.sign(rsa, { header: { alg: 'RS256' }, signWith: rs256.privateKey })),
      ),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
    const ps = await generateKeyPair('PS384');
    expectCernerError(
      await postForm(
        t.mock,
        t.tokenPath,
        jwtForm(await t.sign(rsa, { header: { alg: 'PS384' }, signWith: ps.privateKey })),
      ),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
  });

  it('unknown kid, missing kid, a kid whose key type does not fit alg, an ambiguous kid, a bad signature', async () => {
    const t = setup();
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa, { header: { kid: 'nope' } }))),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
    expectCernerError(
      await postForm(
        t.mock,
        t.tokenPath,
        jwtForm(await t.sign(rsa, { header: { kid: undefined } })),
      ),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
    // ES384 header pointing at the RSA key's kid.
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(ec, { header: { kid: 'rsa-1' } }))),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
    const other = await testKey('RS384', 'rsa-1');
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(other))),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
    const dup = setup({ jwks: { keys: [rsa.jwk, { ...other.jwk }] } });
    expectCernerError(
      await postForm(dup.mock, dup.tokenPath, jwtForm(await dup.sign(rsa))),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
    // A registered key whose own alg says ES384 cannot verify an RS384 assertion.
    const bound = setup({ jwks: { keys: [{ ...rsa.jwk, alg: 'RS512' }] } });
    expectCernerError(
      await postForm(bound.mock, bound.tokenPath, jwtForm(await bound.sign(rsa))),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
  });

  it('wrong audience, missing exp, exp more than 5 minutes ahead, expired, iat in the future, wrong typ', async () => {
    const t = setup();
    const now = t.clock.s();
    const cases: Parameters<typeof t.sign>[1][] = [
      { aud: 'https://elsewhere.test/token' },
      { aud: 'test-bad-aud-value' },
      // An audience list naming this token URL among others: one assertion good at several
      // servers (the audience-injection attack on private_key_jwt); aud must be one string.
      { claims: { aud: [t.tokenUrl, 'https://elsewhere.test/token'] } },
      { claims: { aud: [t.tokenUrl] } },
      { claims: { exp: undefined } },
      { claims: { exp: now + 3600 } },
      { claims: { exp: now + 10 * 60 } },
      { claims: { exp: now - 600 } },
      { claims: { exp: now - 31 } },
      { claims: { iat: now + 120 } },
      { claims: { nbf: now + 120 } },
      { header: { typ: 'at+jwt' } },
      { header: { typ: undefined } },
    ];
    for (const c of cases) {
      expectCernerError(
        await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa, c))),
        401,
        'invalid_client',
        'invalid-assertion',
        { client: CLIENT },
      );
    }
  });

  it('expiry follows the injected clock', async () => {
    const t = setup();
    const a = await t.sign(rsa, { claims: { exp: t.clock.s() + 60 } });
    t.clock.advance(120_000);
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(a)),
      401,
      'invalid_client',
      'invalid-assertion',
      { client: CLIENT },
    );
  });

  it('a replayed jti (same iss), while another client may use the same jti; missing jti', async () => {
    const ecJwk = { ...ec.jwk, kid: 'ec-1' };
    const t = testMock({
      clients: [
        client(),
        {
          clientId: 'second',
          jwks: { keys: [ecJwk] },
          scopes: ['system/Patient.read'],
          scopeStyle: 'both',
        },
      ],
    });
    const jti = 'shared-jti-0001';
    const a = await signAssertion(rsa, {
      clientId: CLIENT,
      aud: t.tokenUrl,
      nowS: t.clock.s(),
      claims: { jti },
    });
    expect((await postForm(t.mock, t.tokenPath, jwtForm(a))).status).toBe(200);
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(a)),
      401,
      'invalid_client',
      'replayed-assertion',
      { client: CLIENT },
    );
    const b = await signAssertion(rsa, {
      clientId: CLIENT,
      aud: t.tokenUrl,
      nowS: t.clock.s(),
      claims: { jti },
    });
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(b)),
      401,
      'invalid_client',
      'replayed-assertion',
      { client: CLIENT },
    );
    const c = await signAssertion(ec, {
      clientId: 'second',
      aud: t.tokenUrl,
      nowS: t.clock.s(),
      claims: { jti },
    });
    expect((await postForm(t.mock, t.tokenPath, jwtForm(c))).status).toBe(200);
    const noJti = await signAssertion(rsa, {
      clientId: CLIENT,
      aud: t.tokenUrl,
      nowS: t.clock.s(),
      claims: { jti: undefined },
    });
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(noJti)),
      401,
      'invalid_client',
      'invalid-assertion',
      { client: CLIENT },
    );
  });

  it('unknown iss (client=unknown), iss != sub, client_id != iss, not a JWT', async () => {
    const t = setup();
    expectCernerError(
      await postForm(
        t.mock,
        t.tokenPath,
        jwtForm(await t.sign(rsa, { claims: { iss: 'ghost', sub: 'ghost' } })),
      ),
      401,
      'invalid_client',
      'invalid-client-credentials',
    );
    expectCernerError(
      await postForm(
        t.mock,
        t.tokenPath,
        jwtForm(await t.sign(rsa, { claims: { iss: 'not_a_valid_iss' } })),
      ),
      401,
      'invalid_client',
      'invalid-assertion',
    );
    expectCernerError(
      await postForm(
        t.mock,
        t.tokenPath,
        jwtForm(await t.sign(rsa, { claims: { sub: 'someone-else' } })),
      ),
      401,
      'invalid_client',
      'invalid-assertion',
      { client: CLIENT },
    );
    expectCernerError(
      await postForm(
        t.mock,
        t.tokenPath,
        jwtForm(await t.sign(rsa), 'system/Patient.read', { client_id: 'other' }),
      ),
      401,
      'invalid_client',
      'invalid-assertion',
      { client: CLIENT },
    );
    for (const junk of ['not-a-jwt', 'a.b.c', `${b64json({ alg: 'RS384' })}.!!!.x`]) {
      expectCernerError(
        await postForm(t.mock, t.tokenPath, jwtForm(junk)),
        401,
        'invalid_client',
        'invalid-assertion',
      );
    }
  });

  it('a secret-based client sending an assertion: invalid-signature (no keys registered)', async () => {
    const t = testMock();
    const a = await signAssertion(rsa, {
      clientId: DEFAULT_CLIENT.clientId,
      aud: t.tokenUrl,
      nowS: t.clock.s(),
    });
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(a)),
      401,
      'invalid_client',
      'invalid-signature',
      { client: DEFAULT_CLIENT.clientId },
    );
  });

  it('wrong or missing client_assertion_type, missing assertion, two methods: 400 invalid_request', async () => {
    const t = setup();
    const a = await t.sign(rsa);
    const bodies = [
      form({
        grant_type: 'client_credentials',
        scope: 'system/Patient.read',
        client_assertion_type: 'not_an_assertion_type',
        client_assertion: a,
      }),
      form({ grant_type: 'client_credentials', scope: 'system/Patient.read', client_assertion: a }),
      form({
        grant_type: 'client_credentials',
        scope: 'system/Patient.read',
        client_assertion_type: JWT_BEARER,
      }),
      form({
        grant_type: 'client_credentials',
        scope: 'system/Patient.read',
        client_assertion_type: JWT_BEARER,
        client_assertion: '',
      }),
    ];
    for (const body of bodies) {
      expectCernerError(
        await postForm(t.mock, t.tokenPath, body),
        400,
        'invalid_request',
        'invalid-request',
      );
    }
    expectCernerError(
      await postForm(t.mock, t.tokenPath, jwtForm(a), { Authorization: defaultBasic() }),
      400,
      'invalid_request',
      'invalid-request',
    );
    // The assertion was never verified, so it is still usable.
    expect((await postForm(t.mock, t.tokenPath, jwtForm(a))).status).toBe(200);
  });
});

describe('private_key_jwt: JWKS by URL', () => {
  it('fetches the registered URL (Accept JSON), caches per max-age, refetches for a rotated kid, refuses a foreign jku without fetching', async () => {
    const urls: string[] = [];
    let keys = [rsa.jwk];
    const fetchFn = (async (url: string, init?: RequestInit) => {
      urls.push(url);
      expect(new Headers(init?.headers).get('accept')).toBe('application/json');
      return new Response(JSON.stringify({ keys }), {
        headers: { 'cache-control': 'public, max-age=60' },
      });
    }) as unknown as typeof fetch;
    const t = setup({ jwks: undefined, jwksUrl: 'https://keys.test/jwks.json' }, fetchFn);
    expect(
      (
        await postForm(
          t.mock,
          t.tokenPath,
          jwtForm(await t.sign(rsa, { header: { jku: 'https://keys.test/jwks.json' } })),
        )
      ).status,
    ).toBe(200);
    expect((await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa)))).status).toBe(200);
    expect(urls).toHaveLength(1); // cached
    expectCernerError(
      await postForm(
        t.mock,
        t.tokenPath,
        jwtForm(await t.sign(rsa, { header: { jku: 'https://attacker.test/jwks' } })),
      ),
      401,
      'invalid_client',
      'invalid-signature',
      { client: CLIENT },
    );
    expect(urls).toHaveLength(1); // the foreign jku was never fetched
    // Key rotation: a new kid is found by one refetch (after the cooldown).
    t.clock.advance(15_000);
    keys = [rsa.jwk, ec.jwk];
    expect((await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(ec)))).status).toBe(200);
    expect(urls).toHaveLength(2);
    // max-age expired: fetched again.
    t.clock.advance(61_000);
    expect((await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa)))).status).toBe(200);
    expect(urls).toHaveLength(3);
    expect(new Set(urls)).toEqual(new Set(['https://keys.test/jwks.json']));
  });

  it('does not cache no-store responses; a failing JWKS URL is invalid-signature, never a 500', async () => {
    let calls = 0;
    let status = 200;
    const fetchFn = (async () => {
      calls++;
      if (status === 0) throw new TypeError('fetch failed');
      return new Response(status === 200 ? JSON.stringify({ keys: [rsa.jwk] }) : 'oops', {
        status,
        headers: { 'cache-control': 'no-store' },
      });
    }) as unknown as typeof fetch;
    const t = setup({ jwks: undefined, jwksUrl: 'https://keys.test/jwks.json' }, fetchFn);
    expect((await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa)))).status).toBe(200);
    expect((await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa)))).status).toBe(200);
    expect(calls).toBe(2);
    for (status of [500, 302, 0]) {
      expectCernerError(
        await postForm(t.mock, t.tokenPath, jwtForm(await t.sign(rsa))),
        401,
        'invalid_client',
        'invalid-signature',
        { client: CLIENT },
      );
    }
  });

  it('works against a JWKS served by a second local HTTP server, registered through the admin API', async () => {
    const jwksServer = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
        .end(JSON.stringify({ keys: [ec.jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    try {
      const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
      const t = testMock({ fetch: globalThis.fetch });
      const reg = await request(t.mock.app)
        .post('/admin/clients')
        .send({ clientId: 'url-client', jwksUrl, scopes: 'system/Patient.rs', scopeStyle: 'v2' });
      expect(reg.status).toBe(201);
      const a = await signAssertion(ec, {
        clientId: 'url-client',
        aud: t.tokenUrl,
        nowS: t.clock.s(),
        header: { jku: jwksUrl },
      });
      const res = await postForm(t.mock, t.tokenPath, jwtForm(a, 'system/Patient.r'));
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe('system/Patient.r');
    } finally {
      await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
    }
  });
});
