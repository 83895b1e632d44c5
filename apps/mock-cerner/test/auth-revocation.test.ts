import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, fhirBasePath } from '../src/config.js';
import {
  basic,
  defaultBasic,
  expectCernerError,
  JWT_BEARER,
  postForm,
  signAssertion,
  testKey,
  testMock,
  type TestKey,
} from './auth-helpers.js';

const SCOPE_FORM = 'grant_type=client_credentials&scope=system%2FPatient.read';
const OTHER = { clientId: 'other-client', clientSecret: 'other-client-secret' };
let rsa: TestKey;

beforeAll(async () => {
  rsa = await testKey('RS384', 'rsa-1');
});

function setup(): ReturnType<typeof testMock> & {
  revokePath: string;
  tokenFor: (auth?: string) => Promise<string>;
  fhirStatus: (token: string) => Promise<number>;
  revoke: (token: string, auth?: string) => Promise<request.Response>;
  introspect: (token: string, auth?: string) => Promise<request.Response>;
} {
  const t = testMock({
    clients: [
      { ...DEFAULT_CLIENT, scopes: [...DEFAULT_CLIENT.scopes], scopeStyle: 'both' },
      { ...OTHER, scopes: ['system/Patient.read'], scopeStyle: 'both' },
      {
        clientId: 'key-client',
        jwks: { keys: [rsa.jwk] },
        scopes: ['system/Patient.read'],
        scopeStyle: 'both',
      },
    ],
  });
  const revokePath = `${t.tokenPath}/revoke`;
  return {
    ...t,
    revokePath,
    tokenFor: async (auth = defaultBasic()) =>
      (await postForm(t.mock, t.tokenPath, SCOPE_FORM, { Authorization: auth })).body
        .access_token as string,
    fhirStatus: async (token) =>
      (
        await request(t.mock.app)
          .get(`${fhirBasePath(t.mock.tenantId)}/Patient/1`)
          .set('Authorization', `Bearer ${token}`)
      ).status,
    revoke: (token, auth = defaultBasic()) =>
      postForm(t.mock, revokePath, new URLSearchParams({ token }).toString(), {
        Authorization: auth,
      }),
    introspect: (token, auth = defaultBasic()) =>
      postForm(t.mock, '/tokeninfo', new URLSearchParams({ token }).toString(), {
        Authorization: auth,
      }),
  };
}

describe('token revocation (RFC 7009) at …/token/revoke', () => {
  it('revokes the client’s own token: 200, empty body, token headers; the FHIR side then answers 401', async () => {
    const t = setup();
    const token = await t.tokenFor();
    expect(await t.fhirStatus(token)).toBe(404); // accepted: the patient does not exist (no seed)
    const res = await t.revoke(token);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['cerner-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await t.fhirStatus(token)).toBe(401);
    expect((await t.revoke(token)).status).toBe(200); // again: still 200
  });

  it('answers 200 for unknown tokens and leaves another client’s token alone', async () => {
    const t = setup();
    expect((await t.revoke('not-a-token')).status).toBe(200);
    const theirs = await t.tokenFor(basic(OTHER.clientId, OTHER.clientSecret));
    expect((await t.revoke(theirs)).status).toBe(200);
    expect(await t.fhirStatus(theirs)).toBe(404);
  });

  it('works on the /hosts/{fhir-host}/ form and with private_key_jwt (aud = the token URL)', async () => {
    const t = setup();
    const jwt = (aud: string): Promise<string> =>
      signAssertion(rsa, { clientId: 'key-client', aud, nowS: t.clock.s() });
    const tokenRes = await postForm(
      t.mock,
      t.hostTokenPath,
      new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'system/Patient.read',
        client_assertion_type: JWT_BEARER,
        client_assertion: await jwt(t.hostTokenUrl),
      }).toString(),
    );
    const token = tokenRes.body.access_token as string;
    const revokeForm = async (aud: string): Promise<string> =>
      new URLSearchParams({
        token,
        client_assertion_type: JWT_BEARER,
        client_assertion: await jwt(aud),
      }).toString();
    expectCernerError(
      await postForm(
        t.mock,
        `${t.hostTokenPath}/revoke`,
        await revokeForm(`${t.hostTokenUrl}/revoke`),
      ),
      401,
      'invalid_client',
      'invalid-assertion',
      { client: 'key-client' },
    );
    expect(await t.fhirStatus(token)).toBe(404);
    const ok = await postForm(
      t.mock,
      `${t.hostTokenPath}/revoke`,
      await revokeForm(t.hostTokenUrl),
    );
    expect(ok.status).toBe(200);
    expect(await t.fhirStatus(token)).toBe(401);
  });

  it('refuses like the token endpoint: no token, bad credentials, no auth, GET, JSON, oversized, unknown tenant', async () => {
    const t = setup();
    expectCernerError(
      await postForm(t.mock, t.revokePath, 'token=', { Authorization: defaultBasic() }),
      400,
      'invalid_request',
      'invalid-request',
    );
    expectCernerError(
      await t.revoke('x', basic(DEFAULT_CLIENT.clientId, 'wrong-secret')),
      401,
      'invalid_client',
      'invalid-client-credentials',
    );
    expectCernerError(
      await postForm(t.mock, t.revokePath, 'token=x'),
      401,
      'invalid_client',
      'invalid-authorization-header',
    );
    const get = await request(t.mock.app).get(t.revokePath);
    expectCernerError(get, 405, 'invalid_request', 'invalid-request');
    expect(get.headers.allow).toBe('OPTIONS, POST');
    expectCernerError(
      await request(t.mock.app)
        .post(t.revokePath)
        .set('Authorization', defaultBasic())
        .set('Content-Type', 'application/json')
        .send('{"token":"x"}'),
      400,
      'invalid_request',
      'invalid-request',
    );
    expectCernerError(
      await postForm(t.mock, t.revokePath, `token=${'x'.repeat(20_000)}`, {
        Authorization: defaultBasic(),
      }),
      413,
      'invalid_request',
      'invalid-request',
    );
    expectCernerError(
      await postForm(t.mock, t.revokePath.replace(t.mock.tenantId, 'other-tenant'), 'token=x', {
        Authorization: defaultBasic(),
      }),
      400,
      'invalid_grant',
      'invalid-tenant',
    );
  });
});

it('body errors on any spelling of the paths get the Cerner OAuth shape (routing is case-insensitive)', async () => {
  const t = setup();
  for (const path of [
    '/TOKENINFO',
    t.revokePath.toUpperCase().replace(t.mock.tenantId.toUpperCase(), t.mock.tenantId),
  ]) {
    expectCernerError(
      await postForm(t.mock, path, `token=${'x'.repeat(20_000)}`, {
        Authorization: defaultBasic(),
      }),
      413,
      'invalid_request',
      'invalid-request',
    );
  }
});

describe('token introspection (RFC 7662) at /tokeninfo', () => {
  it('describes a live token of the calling client, then inactive once revoked or expired', async () => {
    const t = setup();
    const token = await t.tokenFor();
    const live = await t.introspect(token);
    expect(live.status).toBe(200);
    expect(live.headers['cache-control']).toBe('no-store');
    expect(live.body).toEqual({
      active: true,
      scope: 'system/Patient.read',
      client_id: DEFAULT_CLIENT.clientId,
      sub: DEFAULT_CLIENT.clientId,
      token_type: 'Bearer',
      exp: t.clock.s() + 600,
    });
    await t.revoke(token);
    expect((await t.introspect(token)).body).toEqual({ active: false });

    const second = await t.tokenFor();
    t.clock.advance(601_000);
    expect((await t.introspect(second)).body).toEqual({ active: false });
  });

  it('another client’s token and garbage are inactive; a missing token or no auth is refused', async () => {
    const t = setup();
    const mine = await t.tokenFor();
    expect((await t.introspect(mine, basic(OTHER.clientId, OTHER.clientSecret))).body).toEqual({
      active: false,
    });
    expect((await t.introspect('garbage')).body).toEqual({ active: false });
    expectCernerError(
      await postForm(t.mock, '/tokeninfo', 'token=', { Authorization: defaultBasic() }),
      400,
      'invalid_request',
      'invalid-request',
    );
    expectCernerError(
      await postForm(t.mock, '/tokeninfo', `token=${mine}`),
      401,
      'invalid_client',
      'invalid-authorization-header',
    );
  });
});
