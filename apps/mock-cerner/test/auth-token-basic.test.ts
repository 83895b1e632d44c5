import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, DEFAULT_TENANT_ID } from '../src/config.js';
import { TOKEN_BODY_LIMIT_BYTES } from '../src/auth/token-endpoint.js';
import {
  basic,
  defaultBasic,
  expectCernerError,
  form,
  postForm,
  testMock,
} from './auth-helpers.js';

const SCOPE_FORM =
  'grant_type=client_credentials&scope=system%2FPatient.read%20system%2FEncounter.read';

describe('token endpoint: client_secret_basic', () => {
  it('issues a token with Cerner body order, compact JSON and headers', async () => {
    const { mock, tokenPath, clock } = testMock();
    const res = await postForm(mock, tokenPath, SCOPE_FORM, {
      Authorization: defaultBasic(),
      Accept: 'application/json',
    });
    expect(res.status).toBe(200);
    expect(res.text.startsWith('{"access_token":"')).toBe(true);
    expect(res.text).not.toContain(' "');
    expect(Object.keys(res.body)).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
    expect(res.body).toMatchObject({
      scope: 'system/Patient.read system/Encounter.read',
      token_type: 'Bearer',
      expires_in: 570,
    });
    expect(res.headers).toMatchObject({
      'cache-control': 'no-store',
      pragma: 'no-cache',
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'OPTIONS, POST',
      'access-control-allow-headers': 'Content-Type, Authorization, Accept, Cerner-Correlation-Id',
      server: 'cloud_authorization_server1',
    });
    expect(res.headers['cerner-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const claims = await mock.state.accessTokens.verify(res.body.access_token);
    expect(claims).toEqual({
      clientId: DEFAULT_CLIENT.clientId,
      tenantId: DEFAULT_TENANT_ID,
      scopes: ['system/Patient.read', 'system/Encounter.read'],
      expiresAt: Math.floor(clock.ms / 1000) * 1000 + 600_000,
    });
  });

  it('answers on the /hosts/{fhir-host}/ form and accepts form-encoded Basic credentials (RFC 6749 §2.3.1)', async () => {
    const { mock, hostTokenPath } = testMock({
      defaultClient: { clientId: 'id with:colon', clientSecret: 'se:cr+et%' },
    });
    const creds = `${encodeURIComponent('id with:colon').replace(/%20/g, '+')}:${encodeURIComponent('se:cr+et%')}`;
    const res = await postForm(mock, hostTokenPath, SCOPE_FORM, {
      Authorization: `Basic ${Buffer.from(creds).toString('base64')}`,
    });
    expect(res.status).toBe(200);
    expect((await mock.state.accessTokens.verify(res.body.access_token))?.clientId).toBe(
      'id with:colon',
    );
  });

  it('refuses a wrong secret and an unknown client: 401 invalid-client-credentials, client=unknown', async () => {
    const { mock, tokenPath } = testMock();
    expectCernerError(
      await postForm(mock, tokenPath, SCOPE_FORM, {
        Authorization: basic(DEFAULT_CLIENT.clientId, 'wrong-secret'),
      }),
      401,
      'invalid_client',
      'invalid-client-credentials',
      { tenant: DEFAULT_TENANT_ID },
    );
    expectCernerError(
      await postForm(mock, tokenPath, SCOPE_FORM, { Authorization: basic('nobody', 'whatever') }),
      401,
      'invalid_client',
      'invalid-client-credentials',
    );
    expectCernerError(
      await postForm(mock, tokenPath, SCOPE_FORM, {
        Authorization: basic(DEFAULT_CLIENT.clientId, ''),
      }),
      401,
      'invalid_client',
      'invalid-client-credentials',
    );
  });

  it('refuses malformed, missing and non-Basic Authorization headers: 401 invalid-authorization-header', async () => {
    const { mock, tokenPath } = testMock();
    const headers = [
      'Basic !!!notbase64',
      'Basic YWJjZ', // bad length
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Basic ${Buffer.from(':secret-without-id').toString('base64')}`,
      `Basic ${Buffer.from('%zz:secret').toString('base64')}`,
      'Bearer eyJhbGciOiJSUzM4NCJ9.e30.sig',
      'Basic',
      'Digest username="x"',
    ];
    for (const h of headers) {
      expectCernerError(
        await postForm(mock, tokenPath, SCOPE_FORM, { Authorization: h }),
        401,
        'invalid_client',
        'invalid-authorization-header',
      );
    }
    expectCernerError(
      await postForm(mock, tokenPath, SCOPE_FORM),
      401,
      'invalid_client',
      'invalid-authorization-header',
    );
    // client_secret_post is not offered: without a Basic header the header is what is missing.
    expectCernerError(
      await postForm(
        mock,
        tokenPath,
        `${SCOPE_FORM}&client_id=${DEFAULT_CLIENT.clientId}&client_secret=${DEFAULT_CLIENT.clientSecret}`,
      ),
      401,
      'invalid_client',
      'invalid-authorization-header',
    );
  });

  it('refuses a key-based client using Basic, a client_id that differs, and two methods at once', async () => {
    const { mock, tokenPath } = testMock({
      clients: [
        {
          clientId: 'jwks-only',
          jwksUrl: 'https://keys.test/jwks',
          scopes: ['system/Patient.read'],
          scopeStyle: 'both',
        },
      ],
    });
    expectCernerError(
      await postForm(mock, tokenPath, SCOPE_FORM, {
        Authorization: basic('jwks-only', 'anything-at-all'),
      }),
      401,
      'invalid_client',
      'invalid-client-credentials',
    );
    expectCernerError(
      await postForm(mock, tokenPath, `${SCOPE_FORM}&client_id=someone-else`, {
        Authorization: defaultBasic(),
      }),
      401,
      'invalid_client',
      'invalid-client-credentials',
    );
    expect(
      (
        await postForm(mock, tokenPath, `${SCOPE_FORM}&client_id=${DEFAULT_CLIENT.clientId}`, {
          Authorization: defaultBasic(),
        })
      ).status,
    ).toBe(200);
    expectCernerError(
      await postForm(mock, tokenPath, `${SCOPE_FORM}&client_secret=x`, {
        Authorization: defaultBasic(),
      }),
      400,
      'invalid_request',
      'invalid-request',
    );
  });
});

describe('token endpoint: request shape', () => {
  it('grant_type: missing or empty -> invalid_request; anything but client_credentials -> unsupported_grant_type', async () => {
    const { mock, tokenPath } = testMock();
    const auth = { Authorization: defaultBasic() };
    expectCernerError(
      await postForm(mock, tokenPath, 'scope=system/Patient.read', auth),
      400,
      'invalid_request',
      'invalid-request',
    );
    expectCernerError(
      await postForm(mock, tokenPath, 'grant_type=&scope=system/Patient.read', auth),
      400,
      'invalid_request',
      'invalid-request',
    );
    for (const g of [
      'authorization_code',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
      'not_a_grant_type',
      'CLIENT_CREDENTIALS',
    ]) {
      expectCernerError(
        await postForm(
          mock,
          tokenPath,
          form({ grant_type: g, scope: 'system/Patient.read' }),
          auth,
        ),
        400,
        'unsupported_grant_type',
        'unsupported-grant-type',
      );
    }
  });

  it('scope: missing -> invalid_request; empty -> invalid_scope empty-scopes naming the client', async () => {
    const { mock, tokenPath } = testMock();
    const auth = { Authorization: defaultBasic() };
    expectCernerError(
      await postForm(mock, tokenPath, 'grant_type=client_credentials', auth),
      400,
      'invalid_request',
      'invalid-request',
    );
    expectCernerError(
      await postForm(mock, tokenPath, 'grant_type=client_credentials&scope=', auth),
      400,
      'invalid_scope',
      'empty-scopes',
      { client: DEFAULT_CLIENT.clientId },
    );
    expectCernerError(
      await postForm(mock, tokenPath, 'grant_type=client_credentials&scope=+++', auth),
      400,
      'invalid_scope',
      'empty-scopes',
      { client: DEFAULT_CLIENT.clientId },
    );
  });

  it('refuses repeated parameters (RFC 6749 §3.2)', async () => {
    const { mock, tokenPath } = testMock();
    const auth = { Authorization: defaultBasic() };
    for (const body of [
      'grant_type=client_credentials&scope=system/Patient.read&scope=system/Encounter.read',
      'grant_type=client_credentials&grant_type=client_credentials&scope=system/Patient.read',
    ]) {
      expectCernerError(
        await postForm(mock, tokenPath, body, auth),
        400,
        'invalid_request',
        'invalid-request',
      );
    }
  });

  it('refuses a JSON body, a missing content type and an empty body: 400 invalid_request', async () => {
    const { mock, tokenPath } = testMock();
    const json = await request(mock.app)
      .post(tokenPath)
      .set('Authorization', defaultBasic())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ grant_type: 'client_credentials', scope: 'system/Patient.read' }));
    expectCernerError(json, 400, 'invalid_request', 'invalid-request');
    const noType = await request(mock.app)
      .post(tokenPath)
      .set('Authorization', defaultBasic())
      .send(Buffer.from(SCOPE_FORM));
    expectCernerError(noType, 400, 'invalid_request', 'invalid-request');
    const empty = await request(mock.app)
      .post(tokenPath)
      .set('Authorization', defaultBasic())
      .set('Content-Type', 'application/json');
    expectCernerError(empty, 400, 'invalid_request', 'invalid-request');
  });

  it('refuses a body over 16 KiB with 413 and an unknown charset with 400, both Cerner-shaped', async () => {
    const { mock, tokenPath } = testMock();
    const big = await postForm(
      mock,
      tokenPath,
      `grant_type=client_credentials&scope=${'x'.repeat(TOKEN_BODY_LIMIT_BYTES)}`,
      { Authorization: defaultBasic() },
    );
    expectCernerError(big, 413, 'invalid_request', 'invalid-request');
    const charset = await request(mock.app)
      .post(tokenPath)
      .set('Authorization', defaultBasic())
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon')
      .send(SCOPE_FORM);
    expectCernerError(charset, 400, 'invalid_request', 'invalid-request');
  });

  it('unknown tenant: 400 invalid_grant invalid-tenant, tenant as requested', async () => {
    const { mock } = testMock();
    for (const path of [
      '/tenants/Y62ncCuwN85GGa7s0iz44XRnQoc9qr60/protocols/oauth2/profiles/smart-v1/token',
      '/tenants/other/hosts/fhir-ehr-code.cerner.com/protocols/oauth2/profiles/smart-v1/token',
    ]) {
      const res = await postForm(mock, path, SCOPE_FORM, { Authorization: defaultBasic() });
      expectCernerError(res, 400, 'invalid_grant', 'invalid-tenant', {
        tenant: path.split('/')[2],
      });
    }
  });

  it('POST only: 405 with Allow; OPTIONS answers CORS; a bad path encoding is never a 500', async () => {
    const { mock, tokenPath, hostTokenPath } = testMock();
    for (const method of ['get', 'put', 'delete', 'patch'] as const) {
      const res = await request(mock.app)[method](tokenPath);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('OPTIONS, POST');
      expect(res.body.error).toBe('invalid_request');
    }
    const head = await request(mock.app).head(hostTokenPath);
    expect(head.status).toBe(405);
    const options = await request(mock.app).options(tokenPath);
    expect(options.status).toBe(204);
    expect(options.headers['access-control-allow-methods']).toBe('OPTIONS, POST');
    const badEncoding = await postForm(
      mock,
      '/tenants/%E0%A4%A/protocols/oauth2/profiles/smart-v1/token',
      SCOPE_FORM,
      { Authorization: defaultBasic() },
    );
    expectCernerError(badEncoding, 400, 'invalid_request', 'invalid-request');
  });

  it('logs refusals and grants without secrets, tokens or assertions', async () => {
    const lines: string[] = [];
    const log = (msg: string, fields?: Record<string, unknown>): void =>
      void lines.push(`${msg} ${JSON.stringify(fields)}`);
    const { mock, tokenPath } = testMock({
      logger: { debug: log, info: log, warn: log, error: log },
    });
    const ok = await postForm(mock, tokenPath, SCOPE_FORM, { Authorization: defaultBasic() });
    await postForm(mock, tokenPath, SCOPE_FORM, {
      Authorization: basic(DEFAULT_CLIENT.clientId, 'a-wrong-secret'),
    });
    const all = lines.join('\n');
    expect(all).toContain('token issued');
    expect(all).toContain('token request refused');
    expect(all).not.toContain(DEFAULT_CLIENT.clientSecret);
    expect(all).not.toContain('a-wrong-secret');
    expect(all).not.toContain(ok.body.access_token);
  });
});
