import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '../src/config.js';
import { parseClientRegistration } from '../src/auth/admin-clients.js';
import { basic, postForm, signAssertion, testKey, testMock, jwtForm } from './auth-helpers.js';

describe('POST /admin/clients', () => {
  it('registers a secret client (201, secret echoed once) that can get a token at once', async () => {
    const t = testMock();
    const res = await request(t.mock.app).post('/admin/clients').send({
      clientId: 'new-app',
      clientSecret: 'new-app-secret',
      scopes: 'system/Patient.rs system/Encounter.rs',
      scopeStyle: 'v2',
      name: 'New app',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      clientId: 'new-app',
      tokenEndpointAuthMethod: 'client_secret_basic',
      scopes: ['system/Patient.rs', 'system/Encounter.rs'],
      scopeStyle: 'v2',
      name: 'New app',
      clientSecret: 'new-app-secret',
    });
    const token = await postForm(
      t.mock,
      t.tokenPath,
      'grant_type=client_credentials&scope=system/Patient.rs',
      { Authorization: basic('new-app', 'new-app-secret') },
    );
    expect(token.status).toBe(200);
  });

  it('registers an inline-JWKS client (public keys only) and replaces a client with the same id', async () => {
    const t = testMock();
    const key = await testKey('ES384', 'k1');
    const res = await request(t.mock.app)
      .post('/admin/clients')
      .send({ clientId: 'jwt-app', jwks: { keys: [key.jwk] }, scopes: ['system/Patient.read'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      tokenEndpointAuthMethod: 'private_key_jwt',
      kids: ['k1'],
      scopeStyle: 'both',
    });
    const a = await signAssertion(key, { clientId: 'jwt-app', aud: t.tokenUrl, nowS: t.clock.s() });
    expect((await postForm(t.mock, t.tokenPath, jwtForm(a))).status).toBe(200);
    await request(t.mock.app)
      .post('/admin/clients')
      .send({ clientId: 'jwt-app', clientSecret: 'now-a-secret', scopes: ['system/Patient.read'] })
      .expect(201);
    expect(
      (
        await postForm(
          t.mock,
          t.tokenPath,
          'grant_type=client_credentials&scope=system/Patient.read',
          { Authorization: basic('jwt-app', 'now-a-secret') },
        )
      ).status,
    ).toBe(200);
  });

  it('validation errors are 400 invalid_request naming the field', async () => {
    const t = testMock();
    const key = await testKey('RS384', 'r1');
    const cases: [unknown, string][] = [
      [[], 'body'],
      [{ scopes: ['system/Patient.read'], clientSecret: 'long-enough' }, 'clientId'],
      [
        {
          clientId: 'bad id with spaces',
          clientSecret: 'long-enough',
          scopes: ['system/Patient.read'],
        },
        'clientId',
      ],
      [{ clientId: 'x', scopes: ['system/Patient.read'] }, 'clientSecret'],
      [
        {
          clientId: 'x',
          clientSecret: 'long-enough',
          jwksUrl: 'https://a.test/b',
          scopes: ['system/Patient.read'],
        },
        'jwksUrl',
      ],
      [{ clientId: 'x', clientSecret: 'short', scopes: ['system/Patient.read'] }, 'clientSecret'],
      [{ clientId: 'x', jwks: { keys: [] }, scopes: ['system/Patient.read'] }, 'jwks'],
      [
        {
          clientId: 'x',
          jwks: { keys: [{ ...key.jwk, d: 'private' }] },
          scopes: ['system/Patient.read'],
        },
        'jwks.keys[0]',
      ],
      [
        {
          clientId: 'x',
          jwks: { keys: [{ kty: 'oct', kid: 'h', k: 'c2VjcmV0' }] },
          scopes: ['system/Patient.read'],
        },
        'jwks.keys[0]',
      ],
      [
        {
          clientId: 'x',
          jwks: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] },
          scopes: ['system/Patient.read'],
        },
        'jwks.keys[0]',
      ],
      [{ clientId: 'x', jwksUrl: 'ftp://a.test/b', scopes: ['system/Patient.read'] }, 'jwksUrl'],
      [{ clientId: 'x', jwksUrl: 'not a url', scopes: ['system/Patient.read'] }, 'jwksUrl'],
      [{ clientId: 'x', clientSecret: 'long-enough', scopes: [] }, 'scopes'],
      [{ clientId: 'x', clientSecret: 'long-enough' }, 'scopes'],
      [
        { clientId: 'x', clientSecret: 'long-enough', scopes: ['system/Patient.read', 42] },
        'scopes[1]',
      ],
      [{ clientId: 'x', clientSecret: 'long-enough', scopes: ['system/*.read'] }, 'scopes[0]'],
      [{ clientId: 'x', clientSecret: 'long-enough', scopes: ['system/Patient.*'] }, 'scopes[0]'],
      [{ clientId: 'x', clientSecret: 'long-enough', scopes: ['openid'] }, 'scopes[0]'],
      [{ clientId: 'x', clientSecret: 'long-enough', scopes: ['user/Patient.read'] }, 'scopes[0]'],
      [
        {
          clientId: 'x',
          clientSecret: 'long-enough',
          scopes: ['system/Patient.read'],
          scopeStyle: 'v3',
        },
        'scopeStyle',
      ],
      [
        { clientId: 'x', clientSecret: 'long-enough', scopes: ['system/Patient.read'], name: 7 },
        'name',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await request(t.mock.app)
        .post('/admin/clients')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', field });
      expect(res.body.error_description.startsWith(`${field}: `)).toBe(true);
    }
    const broken = await request(t.mock.app)
      .post('/admin/clients')
      .set('Content-Type', 'application/json')
      .send('{"clientId":');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: 'invalid_request', field: 'body' });
    expect(t.mock.state.clients.get('x')).toBeUndefined();
  });

  it('parseClientRegistration accepts scopes as a string and defaults scopeStyle to both', () => {
    expect(
      parseClientRegistration({
        clientId: 'a',
        clientSecret: '12345678',
        scopes: ' system/Patient.read  system/Patient.read ',
      }),
    ).toEqual({
      clientId: 'a',
      clientSecret: '12345678',
      scopes: ['system/Patient.read'],
      scopeStyle: 'both',
    });
  });
});

describe('GET /admin/clients', () => {
  it('lists clients without secrets; reset() forgets registered ones', async () => {
    const t = testMock();
    await request(t.mock.app)
      .post('/admin/clients')
      .send({ clientId: 'extra', clientSecret: 'extra-secret-1', scopes: ['system/Patient.read'] })
      .expect(201);
    const list = await request(t.mock.app).get('/admin/clients');
    expect(list.status).toBe(200);
    expect(list.body.map((c: { clientId: string }) => c.clientId)).toEqual([
      DEFAULT_CLIENT.clientId,
      'extra',
    ]);
    expect(list.text).not.toContain(DEFAULT_CLIENT.clientSecret);
    expect(list.text).not.toContain('extra-secret-1');
    expect(list.text).not.toContain('clientSecret');
    t.mock.reset();
    expect((await request(t.mock.app).get('/admin/clients')).body).toHaveLength(1);
    expect((await request(t.mock.app).delete('/admin/clients')).status).toBe(405);
  });
});
