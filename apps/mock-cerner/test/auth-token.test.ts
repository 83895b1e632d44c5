import { createBackendAuth } from '@cerner-kit/smart-auth';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createPublicKey } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '../src/config.js';
import { startMockCerner, type RunningMockCerner } from '../src/start-mock-cerner.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let mock: RunningMockCerner;
let rsa: { privateKey: CryptoKey; publicKey: CryptoKey; jwk: JWK };
let ec: { privateKey: CryptoKey; publicKey: CryptoKey; jwk: JWK };

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function post(body: string, headers: Record<string, string> = {}, url = mock.tokenUrl): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function expectCernerError(r: { status: number; json: Record<string, unknown> }, status: number, error: string, urnEnd: string): void {
  expect(r.status).toBe(status);
  expect(Object.keys(r.json)).toEqual(['error', 'error_uri']);
  expect(r.json.error).toBe(error);
  const uri = decodeURIComponent(String(r.json.error_uri));
  expect(uri).toMatch(/^https:\/\/authorization\.cerner\.com\/errors\/urn:cerner:error:authorization-server:/);
  expect(uri).toContain(urnEnd);
  expect(uri).toContain(`tenant=${mock.tenantId}`);
}

async function assertion(
  key: CryptoKey,
  header: Record<string, unknown>,
  claims: Record<string, unknown> = {},
  opts: { exp?: number | null; aud?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { iss: 'jwt-client', sub: 'jwt-client', aud: opts.aud ?? mock.tokenUrl, jti: crypto.randomUUID(), ...claims };
  if (opts.exp !== null) payload.exp = opts.exp ?? now + 240;
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS384', kid: 'rsa-1', typ: 'JWT', ...header } as never).sign(key);
}

const jwtForm = (a: string, scope = 'system/Patient.read'): string =>
  new URLSearchParams({ grant_type: 'client_credentials', scope, client_assertion_type: JWT_BEARER, client_assertion: a }).toString();

beforeAll(async () => {
  mock = await startMockCerner({ port: 0 });
  const r = await generateKeyPair('RS384', { extractable: true });
  rsa = { ...r, jwk: { ...(await exportJWK(r.publicKey)), kid: 'rsa-1', alg: 'RS384' } };
  const e = await generateKeyPair('ES384', { extractable: true });
  ec = { ...e, jwk: { ...(await exportJWK(e.publicKey)), kid: 'ec-1', alg: 'ES384' } };
  const reg = await fetch(`${mock.adminUrl}/clients`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ clientId: 'jwt-client', jwks: { keys: [rsa.jwk, ec.jwk] }, scopes: ['system/Patient.read', 'system/Encounter.read'], scopeStyle: 'both' }),
  });
  expect(reg.status).toBe(201);
});
afterAll(() => mock.close());

describe('client_secret_basic', () => {
  it('issues a Cerner-shaped token for the default client', async () => {
    const r = await post('grant_type=client_credentials&scope=system%2FPatient.read%20system%2FEncounter.read', {
      Authorization: basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret),
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
    expect(r.json).toMatchObject({ scope: 'system/Patient.read system/Encounter.read', token_type: 'Bearer', expires_in: 570 });
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('pragma')).toBe('no-cache');
    expect(r.headers.get('cerner-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const claims = await mock.mock.state.accessTokens.verify(String(r.json.access_token));
    expect(claims).toMatchObject({ clientId: DEFAULT_CLIENT.clientId, scopes: ['system/Patient.read', 'system/Encounter.read'] });
  });

  it('works through @cerner-kit/smart-auth with discovery', async () => {
    const auth = createBackendAuth({
      clientId: DEFAULT_CLIENT.clientId,
      credentials: { clientSecret: DEFAULT_CLIENT.clientSecret },
      fhirBaseUrl: mock.fhirBaseUrl,
      scopes: ['system/Patient.rs', 'system/Observation.read'],
    });
    const t = await auth.getToken();
    expect(t.scopes).toEqual(['system/Patient.rs']);
    expect(t.droppedScopes).toEqual(['system/Observation.read']);
    expect((await auth.discover()).token_endpoint).toContain('/hosts/fhir-ehr-code.cerner.com/');
  });

  it('answers on the /hosts/{host}/ form too', async () => {
    const url = `${mock.origin}/tenants/${mock.tenantId}/hosts/fhir-ehr-code.cerner.com/protocols/oauth2/profiles/smart-v1/token`;
    const r = await post('grant_type=client_credentials&scope=system/Patient.read', { Authorization: basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret) }, url);
    expect(r.status).toBe(200);
  });

  it('refuses a wrong secret, an unknown client and malformed headers', async () => {
    const form = 'grant_type=client_credentials&scope=system/Patient.read';
    expectCernerError(await post(form, { Authorization: basic(DEFAULT_CLIENT.clientId, 'wrong-secret') }), 401, 'invalid_client', 'invalid-client-credentials');
    expectCernerError(await post(form, { Authorization: basic('nobody', 'whatever') }), 401, 'invalid_client', 'invalid-client-credentials');
    for (const h of ['Basic !!!notbase64', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Bearer abc.def.ghi', 'Basic']) {
      const r = await post(form, { Authorization: h });
      expectCernerError(r, 401, 'invalid_client', 'invalid-authorization-header');
      expect(r.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    expectCernerError(await post(form), 401, 'invalid_client', 'invalid-authorization-header');
  });
});

describe('request shape', () => {
  const auth = (): Record<string, string> => ({ Authorization: basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret) });
  it('wrong or missing grant_type', async () => {
    expectCernerError(await post('grant_type=authorization_code&scope=system/Patient.read', auth()), 400, 'unsupported_grant_type', 'unsupported-grant-type');
    expectCernerError(await post(`grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}&scope=x`, auth()), 400, 'unsupported_grant_type', 'unsupported-grant-type');
    expectCernerError(await post('scope=system/Patient.read', auth()), 400, 'invalid_request', 'invalid-request');
  });
  it('no registered scope requested: 400 invalid_scope empty-scopes', async () => {
    expectCernerError(await post('grant_type=client_credentials&scope=system/Observation.read', auth()), 400, 'invalid_scope', 'empty-scopes');
    expectCernerError(await post('grant_type=client_credentials&scope=system/*.read', auth()), 400, 'invalid_scope', 'empty-scopes');
  });
  it('duplicated form fields, JSON body, oversized body', async () => {
    expectCernerError(await post('grant_type=client_credentials&scope=a&scope=system/Patient.read', auth()), 400, 'invalid_request', 'invalid-request');
    const json = await fetch(mock.tokenUrl, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', scope: 'system/Patient.read' }) });
    expectCernerError({ status: json.status, json: (await json.json()) as Record<string, unknown> }, 400, 'invalid_request', 'invalid-request');
    const big = await post(`grant_type=client_credentials&scope=${'x'.repeat(40_000)}`, auth());
    expectCernerError(big, 413, 'invalid_request', 'invalid-request');
  });
  it('unknown tenant and wrong method', async () => {
    const url = `${mock.origin}/tenants/not-a-tenant/protocols/oauth2/profiles/smart-v1/token`;
    expectCernerError(await post('grant_type=client_credentials&scope=system/Patient.read', auth(), url), 400, 'invalid_grant', 'invalid-tenant');
    const get = await fetch(mock.tokenUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('OPTIONS, POST');
  });
});

describe('private_key_jwt', () => {
  it('accepts RS384 and ES384 assertions', async () => {
    const r1 = await post(jwtForm(await assertion(rsa.privateKey, {})));
    expect(r1.status).toBe(200);
    const es = await new SignJWT({ iss: 'jwt-client', sub: 'jwt-client', aud: mock.tokenUrl, jti: crypto.randomUUID(), exp: Math.floor(Date.now() / 1000) + 200 })
      .setProtectedHeader({ alg: 'ES384', kid: 'ec-1', typ: 'JWT' })
      .sign(ec.privateKey);
    expect((await post(jwtForm(es))).status).toBe(200);
  });

  it('works through @cerner-kit/smart-auth', async () => {
    const auth = createBackendAuth({
      clientId: 'jwt-client',
      credentials: { privateKey: rsa.privateKey, keyId: 'rsa-1', alg: 'RS384' },
      tokenUrl: mock.tokenUrl,
      scopes: 'system/Encounter.read',
    });
    expect((await auth.getToken()).scopes).toEqual(['system/Encounter.read']);
  });

  it('refuses alg none and HS256 signed with the public key', async () => {
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { iss: 'jwt-client', sub: 'jwt-client', aud: mock.tokenUrl, jti: crypto.randomUUID(), exp: Math.floor(Date.now() / 1000) + 200 };
    const none = `${b64({ alg: 'none', kid: 'rsa-1', typ: 'JWT' })}.${b64(claims)}.`;
    expectCernerError(await post(jwtForm(none)), 401, 'invalid_client', 'invalid-signature');
    const pem = createPublicKey({ key: rsa.jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const input = `${b64({ alg: 'HS256', kid: 'rsa-1', typ: 'JWT' })}.${b64({ ...claims, jti: crypto.randomUUID() })}`;
    const hs = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    expectCernerError(await post(jwtForm(hs)), 401, 'invalid_client', 'invalid-signature');
  });

  it('refuses an unknown kid and a bad signature', async () => {
    expectCernerError(await post(jwtForm(await assertion(rsa.privateKey, { kid: 'nope' }))), 401, 'invalid_client', 'invalid-signature');
    const other = await generateKeyPair('RS384');
    expectCernerError(await post(jwtForm(await assertion(other.privateKey, {}))), 401, 'invalid_client', 'invalid-signature');
  });

  it('refuses wrong audience, missing exp, exp over 5 minutes ahead, expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectCernerError(await post(jwtForm(await assertion(rsa.privateKey, {}, {}, { aud: 'https://elsewhere.example/token' }))), 401, 'invalid_client', 'invalid-assertion');
    expectCernerError(await post(jwtForm(await assertion(rsa.privateKey, {}, {}, { exp: null }))), 401, 'invalid_client', 'invalid-assertion');
    expectCernerError(await post(jwtForm(await assertion(rsa.privateKey, {}, {}, { exp: now + 3600 }))), 401, 'invalid_client', 'invalid-assertion');
    expectCernerError(await post(jwtForm(await assertion(rsa.privateKey, {}, {}, { exp: now - 600 }))), 401, 'invalid_client', 'invalid-assertion');
  });

  it('refuses a replayed jti and an unknown or mismatched issuer', async () => {
    const a = await assertion(rsa.privateKey, {});
    expect((await post(jwtForm(a))).status).toBe(200);
    expectCernerError(await post(jwtForm(a)), 401, 'invalid_client', 'replayed-assertion');
    expectCernerError(await post(jwtForm(await assertion(rsa.privateKey, {}, { iss: 'ghost', sub: 'ghost' }))), 401, 'invalid_client', 'invalid-client-credentials');
    expectCernerError(await post(jwtForm(await assertion(rsa.privateKey, {}, { sub: 'someone-else' }))), 401, 'invalid_client', 'invalid-assertion');
  });

  it('refuses a wrong client_assertion_type and two authentication methods', async () => {
    const a = await assertion(rsa.privateKey, {});
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/Patient.read', client_assertion_type: 'jwt', client_assertion: a });
    expectCernerError(await post(form.toString()), 400, 'invalid_request', 'invalid-request');
    expectCernerError(await post(jwtForm(a), { Authorization: basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret) }), 400, 'invalid_request', 'invalid-request');
  });

  it('resolves keys from a JWKS URL', async () => {
    const jwksMock = await startMockCerner({ port: 0, fetch: (async (url: string) => {
      expect(url).toBe('https://keys.example/jwks.json');
      return new Response(JSON.stringify({ keys: [rsa.jwk] }), { headers: { 'cache-control': 'max-age=60' } });
    }) as unknown as typeof fetch });
    try {
      const reg = await fetch(`${jwksMock.adminUrl}/clients`, {
        method: 'POST',
        body: JSON.stringify({ clientId: 'url-client', jwksUrl: 'https://keys.example/jwks.json', scopes: 'system/Patient.read' }),
      });
      expect(reg.status).toBe(201);
      const a = await new SignJWT({ iss: 'url-client', sub: 'url-client', aud: jwksMock.tokenUrl, jti: crypto.randomUUID(), exp: Math.floor(Date.now() / 1000) + 100 })
        .setProtectedHeader({ alg: 'RS384', kid: 'rsa-1', typ: 'JWT', jku: 'https://keys.example/jwks.json' })
        .sign(rsa.privateKey);
      const r = await fetch(jwksMock.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: jwtForm(a) });
      expect(r.status).toBe(200);
    } finally {
      await jwksMock.close();
    }
  });
});

describe('scope styles', () => {
  it('a v2-only client gets 400 for v1 syntax, a v2 subset is granted', async () => {
    await fetch(`${mock.adminUrl}/clients`, {
      method: 'POST',
      body: JSON.stringify({ clientId: 'v2-client', clientSecret: 'v2-client-secret', scopes: ['system/Patient.rs'], scopeStyle: 'v2' }),
    });
    const h = { Authorization: basic('v2-client', 'v2-client-secret') };
    expectCernerError(await post('grant_type=client_credentials&scope=system/Patient.read', h), 400, 'invalid_scope', 'empty-scopes');
    const ok = await post('grant_type=client_credentials&scope=system/Patient.r', h);
    expect(ok.json.scope).toBe('system/Patient.r');
  });
});

describe('admin clients', () => {
  it('validates registrations, naming the field, and never lists secrets', async () => {
    const bad = async (body: unknown, field: string): Promise<void> => {
      const r = await fetch(`${mock.adminUrl}/clients`, { method: 'POST', body: JSON.stringify(body) });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { field: string }).field).toBe(field);
    };
    await bad({ scopes: ['system/Patient.read'], clientSecret: 'long-enough' }, 'clientId');
    await bad({ clientId: 'x', scopes: ['system/Patient.read'] }, 'clientSecret');
    await bad({ clientId: 'x', clientSecret: 'long-enough', jwksUrl: 'https://a/b', scopes: ['s'] }, 'clientSecret');
    await bad({ clientId: 'x', jwks: { keys: [{ ...rsa.jwk, d: 'secret' }] }, scopes: ['system/Patient.read'] }, 'jwks.keys[0]');
    await bad({ clientId: 'x', jwksUrl: 'ftp://a/b', scopes: ['system/Patient.read'] }, 'jwksUrl');
    await bad({ clientId: 'x', clientSecret: 'long-enough', scopes: [] }, 'scopes');
    await bad({ clientId: 'x', clientSecret: 'long-enough', scopes: ['a'], scopeStyle: 'v3' }, 'scopeStyle');
    const list = await (await fetch(`${mock.adminUrl}/clients`)).text();
    expect(list).toContain(DEFAULT_CLIENT.clientId);
    expect(list).not.toContain(DEFAULT_CLIENT.clientSecret);
  });
});

describe('discovery documents', () => {
  it('serves .well-known/smart-configuration and metadata without auth', async () => {
    const sc = (await (await fetch(`${mock.fhirBaseUrl}/.well-known/smart-configuration`)).json()) as Record<string, unknown>;
    expect(sc.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'private_key_jwt']);
    expect(sc.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS384', 'ES384']);
    expect(sc.scopes_supported).toEqual(expect.arrayContaining(['system/Patient.read', 'system/Patient.crus']));
    const md = await fetch(`${mock.fhirBaseUrl}/metadata`);
    expect(md.headers.get('content-type')).toMatch(/application\/fhir\+json/);
    const cs = (await md.json()) as { rest: { security: { extension: { extension: { url: string }[] }[] } }[] };
    expect(cs.rest[0]!.security.extension[0]!.extension.map((e) => e.url)).toEqual(['token', 'revoke', 'authorize', 'manage', 'introspect']);
  });
});
