import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { createBackendAuth, SmartAuthError } from '@cerner-kit/smart-auth';
import { createCernerClient } from '@cerner-kit/fhir-r4-actions';
import { SEED_IDS, startMockCerner, type RunningMockCerner } from '@cerner-kit/mock-cerner';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// SMART Backend Services against the mock's token issuer over real HTTP (mock listening on
// 127.0.0.1:0, in-process): smart-auth end to end with both client authentication methods, and
// every refusal as Cerner sends it. Mock-only: the refusals need a client we control.

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SCOPE = 'system/Patient.read';
const T0 = Date.parse('2026-11-25T12:00:00Z');

/** One clock for the mock and the clients: tests move time without sleeping. */
const clock = { ms: T0, now: () => clock.ms };
let mock: RunningMockCerner;
let secretClient: { clientId: string; clientSecret: string };
const keys: Record<'RS384' | 'ES384', { privateKey: CryptoKey; jwk: JWK; pem: string }> =
  {} as never;
const KEY_CLIENT = 'contract-key-client';

async function register(body: unknown): Promise<void> {
  const res = await fetch(`${mock.adminUrl}/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  mock = await startMockCerner({ port: 0, now: clock.now });
  const c = mock.clients[0]!;
  secretClient = { clientId: c.clientId, clientSecret: c.clientSecret! };
  for (const alg of ['RS384', 'ES384'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    keys[alg] = {
      privateKey,
      pem: await exportPKCS8(privateKey),
      jwk: { ...(await exportJWK(publicKey)), kid: `${alg.toLowerCase()}-1`, alg },
    };
  }
  await register({
    clientId: KEY_CLIENT,
    jwks: { keys: [keys.RS384.jwk, keys.ES384.jwk] },
    scopes: [SCOPE, 'system/Encounter.read'],
  });
});
afterAll(async () => {
  await mock?.close();
});

/** smart-auth for the mock's default (secret) client on the shared clock. */
function secretAuth(extra: { scopes?: string; fetch?: typeof fetch } = {}) {
  return createBackendAuth({
    clientId: secretClient.clientId,
    credentials: { clientSecret: secretClient.clientSecret },
    tokenUrl: mock.tokenUrl,
    now: clock.now,
    ...extra,
  });
}

/** POSTs a raw body to the token endpoint. */
async function postToken(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(mock.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** A Cerner token error: the status, exactly `{error, error_uri}`, and the URN in error_uri. */
async function expectRefusal(
  res: Response,
  status: number,
  error: string,
  urnSuffix: string,
): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as Record<string, string>;
  expect(Object.keys(body)).toEqual(['error', 'error_uri']);
  expect(body.error).toBe(error);
  const urn = decodeURIComponent(new URL(body.error_uri!).pathname.split('/')[2]!);
  expect(urn).toMatch(new RegExp(`^urn:cerner:error:authorization-server:.*:${urnSuffix}$`));
}

const nowS = (): number => Math.floor(clock.ms / 1000);

/** A client assertion for KEY_CLIENT, RS384 unless told; `undefined` claim values are removed. */
async function assertion(
  o: {
    claims?: Record<string, unknown>;
    header?: Record<string, unknown>;
    key?: CryptoKey;
    alg?: string;
  } = {},
): Promise<string> {
  const claims: Record<string, unknown> = {
    iss: KEY_CLIENT,
    sub: KEY_CLIENT,
    aud: mock.tokenUrl,
    exp: nowS() + 240,
    jti: randomUUID(),
    ...o.claims,
  };
  for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
  return new SignJWT(claims)
    .setProtectedHeader({
      alg: o.alg ?? 'RS384',
      kid: keys.RS384.jwk.kid!,
      typ: 'JWT',
      ...o.header,
    })
    .sign(o.key ?? keys.RS384.privateKey);
}

const jwtForm = (jwt: string, extra: Record<string, string> = {}): string =>
  new URLSearchParams({
    grant_type: 'client_credentials',
    scope: SCOPE,
    client_assertion_type: JWT_BEARER,
    client_assertion: jwt,
    ...extra,
  }).toString();
const b64json = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('smart-auth against the mock token issuer, over HTTP [mock]', () => {
  it('client_secret_basic end to end: a Cerner-shaped token that the FHIR side accepts', async () => {
    const auth = secretAuth();
    const token = await auth.getToken([SCOPE, 'system/Observation.read']);
    expect(token.scopes).toEqual([SCOPE]);
    expect(token.droppedScopes).toEqual(['system/Observation.read']);
    expect(token.expiresAt).toBe(T0 + 570_000);
    const client = createCernerClient({
      fhirBaseUrl: mock.fhirBaseUrl,
      auth,
      scopes: [SCOPE],
      now: clock.now,
    });
    expect((await client.getPatient({ patientId: SEED_IDS.patients.smartJoe })).id).toBe(
      SEED_IDS.patients.smartJoe,
    );
  });

  it.each(['RS384', 'ES384'] as const)(
    'private_key_jwt with %s end to end (PKCS#8 PEM key, kid)',
    async (alg) => {
      const auth = createBackendAuth({
        clientId: KEY_CLIENT,
        credentials: { privateKey: keys[alg].pem, keyId: keys[alg].jwk.kid!, alg },
        tokenUrl: mock.tokenUrl,
        now: clock.now,
      });
      const token = await auth.getToken('system/Patient.rs');
      expect(token.scopes).toEqual(['system/Patient.rs']);
      const client = createCernerClient({
        fhirBaseUrl: mock.fhirBaseUrl,
        auth,
        scopes: ['system/Patient.rs'],
        now: clock.now,
      });
      expect((await client.getPatient({ patientId: SEED_IDS.patients.wilma })).id).toBe(
        SEED_IDS.patients.wilma,
      );
    },
  );

  it('1,000 concurrent getToken() calls on a cold cache make exactly one token request', async () => {
    let tokenRequests = 0;
    const counting: typeof fetch = (input, init) => {
      tokenRequests += 1;
      return fetch(input, init);
    };
    const before = (await mockTokenRequests()).length;
    const auth = secretAuth({ scopes: SCOPE, fetch: counting });
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => auth.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(tokenRequests).toBe(1);
    expect((await mockTokenRequests()).length - before).toBe(1);
  });

  it('refreshes before expiry (shared injected clock, no sleeps), and after invalidate()', async () => {
    let tokenRequests = 0;
    const counting: typeof fetch = (input, init) => {
      tokenRequests += 1;
      return fetch(input, init);
    };
    const auth = secretAuth({ scopes: SCOPE, fetch: counting });
    const first = await auth.getToken();
    clock.ms += 500_000; // 70 s before expiry: still outside the 60 s margin
    expect((await auth.getToken()).accessToken).toBe(first.accessToken);
    clock.ms += 15_000; // 55 s before expiry: inside the margin
    const second = await auth.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBe(clock.ms + 570_000);
    expect(tokenRequests).toBe(2);
    await auth.invalidate(second.accessToken);
    expect((await auth.getToken()).accessToken).not.toBe(second.accessToken);
    expect(tokenRequests).toBe(3);
  });

  it('a wrong secret and an unknown client surface as SmartAuthError with Cerner’s status and error_uri', async () => {
    for (const [clientId, secret] of [
      [secretClient.clientId, 'definitely-wrong-secret'],
      ['no-such-client', 'whatever-secret'],
    ] as const) {
      const auth = createBackendAuth({
        clientId,
        credentials: { clientSecret: secret },
        tokenUrl: mock.tokenUrl,
        scopes: SCOPE,
      });
      const err = await auth.getToken().catch((e: unknown) => e);
      expect(SmartAuthError.isInstance(err)).toBe(true);
      expect(err).toMatchObject({ code: 'invalid_client', status: 401 });
      expect((err as SmartAuthError).errorUri).toContain('invalid-client-credentials');
      expect((err as Error).message).not.toContain(secret);
    }
  });

  it('the FHIR side refuses access tokens that are expired, alg none, signed by another key or over-long', async () => {
    // A second mock whose signing key the test holds, so it can sign tokens the mock never issues.
    const keyPair = await generateKeyPair('ES256');
    const m = await startMockCerner({ port: 0, now: clock.now, accessTokenKeyPair: keyPair });
    try {
      const c = m.clients[0]!;
      const res = await fetch(m.tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          Authorization: basic(c.clientId, c.clientSecret!),
        },
        body: `grant_type=client_credentials&scope=${encodeURIComponent(SCOPE)}`,
      });
      const { access_token: token } = (await res.json()) as { access_token: string };
      const read = (t: string): Promise<Response> =>
        fetch(`${m.fhirBaseUrl}/Patient/${SEED_IDS.patients.smartJoe}`, {
          headers: { Authorization: `Bearer ${t}`, Accept: 'application/fhir+json' },
        });
      const expectRefused = async (t: string, why: string): Promise<void> => {
        const r = await read(t);
        expect(r.status, why).toBe(401);
        expect(r.headers.get('www-authenticate'), why).toContain('error="invalid_token"');
        expect(((await r.json()) as { resourceType: string }).resourceType).toBe(
          'OperationOutcome',
        );
      };
      expect((await read(token)).status).toBe(200);

      const header = { ...decodeProtectedHeader(token), alg: 'ES256' };
      const claims = decodeJwt(token);
      const sign = (extra: Record<string, unknown>, key: CryptoKey = keyPair.privateKey) =>
        new SignJWT({ ...claims, jti: randomUUID(), ...extra })
          .setProtectedHeader(header)
          .sign(key);
      const iat = claims.iat!;
      // Control: the mock's own key and its own lifetime are accepted.
      expect((await read(await sign({ iat, exp: iat + 600 }))).status).toBe(200);
      await expectRefused(await sign({ iat, exp: iat + 601 }), 'lifetime 601 s');
      await expectRefused(await sign({ iat, exp: iat + 30 * 86_400 }), 'lifetime 30 days');
      await expectRefused(await sign({ iat: iat + 3600, exp: iat + 3900 }), 'iat in the future');
      await expectRefused(
        await sign({ iat, exp: iat + 600 }, (await generateKeyPair('ES256')).privateKey),
        'another key',
      );
      const [, payload] = token.split('.');
      await expectRefused(`${b64json({ ...header, alg: 'none' })}.${payload}.`, 'alg none');
      await expectRefused(`${b64json({ alg: 'none' })}.${payload}.`, 'alg none, no kid');
      clock.ms += 600_000;
      try {
        await expectRefused(token, 'expired');
      } finally {
        clock.ms -= 600_000;
      }
    } finally {
      await m.close();
    }
  });

  describe('refusals, each with Cerner’s status and body (never a 500)', () => {
    const ok = (): Record<string, string> => ({
      Authorization: basic(secretClient.clientId, secretClient.clientSecret),
    });
    const scopeForm = `grant_type=client_credentials&scope=${encodeURIComponent(SCOPE)}`;

    it('wrong secret, unknown client, malformed Basic header', async () => {
      await expectRefusal(
        await postToken(scopeForm, {
          Authorization: basic(secretClient.clientId, 'wrong-secret-123'),
        }),
        401,
        'invalid_client',
        'invalid-client-credentials',
      );
      await expectRefusal(
        await postToken(scopeForm, { Authorization: basic('nobody', 'wrong-secret-123') }),
        401,
        'invalid_client',
        'invalid-client-credentials',
      );
      for (const header of [
        'Basic !!!not-base64',
        'Basic ' + Buffer.from('no-colon').toString('base64'),
        'Bearer abc',
        'Basic',
      ]) {
        await expectRefusal(
          await postToken(scopeForm, { Authorization: header }),
          401,
          'invalid_client',
          'invalid-authorization-header',
        );
      }
    });

    it('alg none, HS256 signed with the public key, unknown kid, bad signature', async () => {
      const claims = {
        iss: KEY_CLIENT,
        sub: KEY_CLIENT,
        aud: mock.tokenUrl,
        exp: nowS() + 200,
        jti: randomUUID(),
      };
      const none = `${b64json({ alg: 'none', kid: keys.RS384.jwk.kid, typ: 'JWT' })}.${b64json(claims)}.`;
      await expectRefusal(
        await postToken(jwtForm(none)),
        401,
        'invalid_client',
        'invalid-signature',
      );
      const pem = createPublicKey({ key: keys.RS384.jwk as never, format: 'jwk' }).export({
        type: 'spki',
        format: 'pem',
      });
      const input = `${b64json({ alg: 'HS256', kid: keys.RS384.jwk.kid, typ: 'JWT' })}.${b64json({ ...claims, jti: randomUUID() })}`;
      const hs256 = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
      await expectRefusal(
        await postToken(jwtForm(hs256)),
        401,
        'invalid_client',
        'invalid-signature',
      );
      await expectRefusal(
        await postToken(jwtForm(await assertion({ header: { kid: 'unknown-kid' } }))),
        401,
        'invalid_client',
        'invalid-signature',
      );
      const other = await generateKeyPair('RS384');
      await expectRefusal(
        await postToken(jwtForm(await assertion({ key: other.privateKey }))),
        401,
        'invalid_client',
        'invalid-signature',
      );
    });

    it('wrong audience, missing exp, exp more than 5 minutes ahead, expired', async () => {
      for (const claims of [
        { aud: 'https://elsewhere.example/token' },
        { aud: [mock.tokenUrl, 'https://elsewhere.example/token'] }, // aud is one string
        { exp: undefined },
        { exp: nowS() + 6 * 60 },
        { exp: nowS() - 120 },
      ]) {
        await expectRefusal(
          await postToken(jwtForm(await assertion({ claims }))),
          401,
          'invalid_client',
          'invalid-assertion',
        );
      }
    });

    it('a replayed jti', async () => {
      const once = await assertion();
      expect((await postToken(jwtForm(once))).status).toBe(200);
      await expectRefusal(
        await postToken(jwtForm(once)),
        401,
        'invalid_client',
        'replayed-assertion',
      );
    });

    it('wrong client_assertion_type, wrong grant_type, no registered scope', async () => {
      await expectRefusal(
        await postToken(
          jwtForm(await assertion(), {
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
          }),
        ),
        400,
        'invalid_request',
        'invalid-request',
      );
      await expectRefusal(
        await postToken(`grant_type=password&scope=${encodeURIComponent(SCOPE)}`, ok()),
        400,
        'unsupported_grant_type',
        'unsupported-grant-type',
      );
      await expectRefusal(
        await postToken('grant_type=client_credentials&scope=system%2FObservation.read', ok()),
        400,
        'invalid_scope',
        'empty-scopes',
      );
    });

    it('duplicated form fields, a JSON body, an oversized body', async () => {
      await expectRefusal(
        await postToken(`${scopeForm}&grant_type=client_credentials`, ok()),
        400,
        'invalid_request',
        'invalid-request',
      );
      await expectRefusal(
        await postToken(JSON.stringify({ grant_type: 'client_credentials', scope: SCOPE }), {
          ...ok(),
          'content-type': 'application/json',
        }),
        400,
        'invalid_request',
        'invalid-request',
      );
      await expectRefusal(
        await postToken(`${scopeForm}&pad=${'x'.repeat(20_000)}`, ok()),
        413,
        'invalid_request',
        'invalid-request',
      );
    });

    it('none of the refusals above was answered with a 5xx', async () => {
      const statuses = (await mockTokenRequests()).map((e) => e.status);
      expect(statuses.length).toBeGreaterThan(15);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    });
  });
});

/** The token requests in the mock's request log. */
async function mockTokenRequests(): Promise<{ method: string; path: string; status: number }[]> {
  const res = await fetch(`${mock.adminUrl}/requests`);
  const body = (await res.json()) as
    | { method: string; path: string; status: number }[]
    | { requests: { method: string; path: string; status: number }[] };
  const entries = Array.isArray(body) ? body : body.requests;
  return entries.filter((e) => e.method === 'POST' && e.path.includes('/token'));
}
