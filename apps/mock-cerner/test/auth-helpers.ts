// Shared helpers of the auth-*.test.ts files (token issuer, discovery, admin clients, bin).
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import request from 'supertest';
import { expect } from 'vitest';
import { DEFAULT_CLIENT, hostTokenPath, SANDBOX_FHIR_HOST, tokenPath } from '../src/config.js';
import {
  createMockCerner,
  type MockCerner,
  type MockCernerOptions,
} from '../src/create-mock-cerner.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const PUBLIC_URL = 'https://mock.test';
/** A fixed start time (the day Cerner's empty-scopes error was captured). */
export const T0 = Date.parse('2026-05-02T22:48:47.000Z');

/** A settable clock for `now`. */
export interface TestClock {
  ms: number;
  now: () => number;
  /** Seconds since the epoch, as JWT claims want. */
  s: () => number;
  advance: (ms: number) => void;
}
export function testClock(start = T0): TestClock {
  const c: TestClock = {
    ms: start,
    now: () => c.ms,
    s: () => Math.floor(c.ms / 1000),
    advance: (ms) => {
      c.ms += ms;
    },
  };
  return c;
}

/** An in-process mock on a fixed public origin and an injected clock (so `aud` is known). */
export function testMock(options: MockCernerOptions = {}): {
  mock: MockCerner;
  clock: TestClock;
  tokenPath: string;
  hostTokenPath: string;
  tokenUrl: string;
  hostTokenUrl: string;
} {
  const clock = testClock();
  const mock = createMockCerner({ publicUrl: PUBLIC_URL, now: clock.now, seed: false, ...options });
  return {
    mock,
    clock,
    tokenPath: tokenPath(mock.tenantId),
    hostTokenPath: hostTokenPath(mock.tenantId, SANDBOX_FHIR_HOST),
    tokenUrl: `${PUBLIC_URL}${tokenPath(mock.tenantId)}`,
    hostTokenUrl: `${PUBLIC_URL}${hostTokenPath(mock.tenantId, SANDBOX_FHIR_HOST)}`,
  };
}

export const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
export const defaultBasic = (): string =>
  basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret);
export const form = (fields: Record<string, string>): string =>
  new URLSearchParams(fields).toString();

/** POSTs a form body to a path of the in-process app. */
export async function postForm(
  mock: MockCerner,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<request.Response> {
  let req = request(mock.app).post(path).set('Content-Type', 'application/x-www-form-urlencoded');
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return req.send(body);
}

/** Asserts a Cerner token error: status, exactly `{error, error_uri}`, the URN, correlation id, client and tenant. */
export function expectCernerError(
  res: { status: number; body: unknown; headers: Record<string, string | undefined> | Headers },
  status: number,
  error: string,
  urnSuffix: string,
  opts: { client?: string; tenant?: string } = {},
): void {
  expect(res.status).toBe(status);
  const body = res.body as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error', 'error_uri']);
  expect(body.error).toBe(error);
  const get = (h: string): string | null | undefined =>
    res.headers instanceof Headers ? res.headers.get(h) : res.headers[h];
  expect(get('content-type')).toBe('application/json');
  expect(get('cache-control')).toBe('no-store');
  expect(get('pragma')).toBe('no-cache');
  const correlationId = get('cerner-correlation-id');
  expect(correlationId).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  const uri = new URL(String(body.error_uri));
  expect(uri.origin).toBe('https://authorization.cerner.com');
  const m = /^\/errors\/([^/]+)\/instances\/([^/]+)$/.exec(uri.pathname);
  expect(m).not.toBeNull();
  const urn = decodeURIComponent(m![1]!);
  expect(urn).toMatch(/^urn:cerner:error:authorization-server:/);
  expect(urn.endsWith(`:${urnSuffix}`)).toBe(true);
  expect(m![2]).toBe(correlationId);
  expect(uri.searchParams.get('client')).toBe(opts.client ?? 'unknown');
  if (opts.tenant !== undefined) expect(uri.searchParams.get('tenant')).toBe(opts.tenant);
  if (status === 401) expect(get('www-authenticate')).toMatch(/^Basic realm="/);
}

export interface TestKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public JWK, with kid and alg. */
  jwk: JWK;
  alg: 'RS384' | 'ES384';
  kid: string;
}
export async function testKey(alg: 'RS384' | 'ES384', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg }, alg, kid };
}

/** Signs a client assertion; `claims`/`header` override the defaults; `undefined` values remove a claim. */
export async function signAssertion(
  key: TestKey,
  o: {
    clientId: string;
    aud: string;
    nowS: number;
    claims?: Record<string, unknown>;
    header?: Record<string, unknown>;
    signWith?: CryptoKey;
  },
): Promise<string> {
  const payload: Record<string, unknown> = {
    iss: o.clientId,
    sub: o.clientId,
    aud: o.aud,
    exp: o.nowS + 240,
    jti: crypto.randomUUID(),
    ...o.claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  const header = { alg: key.alg, kid: key.kid, typ: 'JWT', ...o.header };
  return new SignJWT(payload)
    .setProtectedHeader(header as never)
    .sign(o.signWith ?? key.privateKey);
}

export const jwtForm = (
  assertion: string,
  scope = 'system/Patient.read',
  extra: Record<string, string> = {},
): string =>
  form({
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
    ...extra,
  });

/** base64url JSON, for hand-made JWTs. */
export const b64json = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
