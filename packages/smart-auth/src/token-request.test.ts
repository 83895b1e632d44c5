import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_ID,
  cernerToken,
  fakeFetch,
  hangingFetch,
  json,
  SECRET,
  settlement,
  TOKEN_URL,
} from './__fixtures__/cerner.js';
import { SmartAuthError } from './errors.js';
import {
  basicAuthorization,
  buildTokenRequest,
  processTokenResponse,
  requestToken,
  type AccessToken,
} from './token-request.js';

const NOW = 1_767_225_600_000;
const ctx = { tokenUrl: TOKEN_URL, secrets: [SECRET] };

function decodeBasic(header: string): string {
  return Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
}

function fail(status: number, body: unknown, requested = ['system/Patient.read']): SmartAuthError {
  try {
    processTokenResponse(
      { status, body: typeof body === 'string' ? body : JSON.stringify(body) },
      requested,
      NOW,
      ctx,
    );
  } catch (e) {
    if (SmartAuthError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

function ok(body: unknown, requested = ['system/Patient.read']): AccessToken {
  return processTokenResponse({ status: 200, body: JSON.stringify(body) }, requested, NOW, ctx);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('basicAuthorization (RFC 6749 §2.3.1)', () => {
  it("matches Cerner's documented example", () => {
    expect(basicAuthorization('bb318a62-fa61-49ae-b692-7d99214f0ec7', 'secret')).toBe(
      'Basic YmIzMThhNjItZmE2MS00OWFlLWI2OTItN2Q5OTIxNGYwZWM3OnNlY3JldA==',
    );
  });

  it("form-urlencodes id and secret first, so ':' and non-ASCII survive", () => {
    expect(decodeBasic(basicAuthorization('id:with colon', 'p@ss:wörd/+&='))).toBe(
      'id%3Awith+colon:p%40ss%3Aw%C3%B6rd%2F%2B%26%3D',
    );
    expect(decodeBasic(basicAuthorization('ключ', '秘密'))).toBe(
      '%D0%BA%D0%BB%D1%8E%D1%87:%E7%A7%98%E5%AF%86',
    );
    expect(decodeBasic(basicAuthorization('a-b_c.d*~', 'x'))).toBe('a-b_c.d*%7E:x');
  });
});

describe('buildTokenRequest', () => {
  it('client_secret_basic: Basic header, grant_type and space-separated scope', () => {
    const init = buildTokenRequest(
      ['system/Patient.read', 'system/Observation.rs?category=laboratory'],
      {
        kind: 'client_secret_basic',
        clientId: CLIENT_ID,
        clientSecret: SECRET,
      },
    );
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: basicAuthorization(CLIENT_ID, SECRET),
    });
    expect(init.body).toBe(
      'grant_type=client_credentials&scope=system%2FPatient.read+system%2FObservation.rs%3Fcategory%3Dlaboratory',
    );
    const form = new URLSearchParams(init.body);
    expect(form.get('scope')).toBe('system/Patient.read system/Observation.rs?category=laboratory');
    expect(form.has('client_assertion')).toBe(false);
    expect(form.has('client_id')).toBe(false);
  });

  it('private_key_jwt: assertion type and assertion in the form, no Authorization header', () => {
    const init = buildTokenRequest(['system/Patient.rs'], {
      kind: 'private_key_jwt',
      assertion: 'a.b.c',
    });
    expect(init.headers.Authorization).toBeUndefined();
    expect([...new URLSearchParams(init.body)]).toEqual([
      ['grant_type', 'client_credentials'],
      ['scope', 'system/Patient.rs'],
      ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
      ['client_assertion', 'a.b.c'],
    ]);
  });
});

describe('processTokenResponse: success', () => {
  it("accepts Cerner's response and counts expiry from the request start", () => {
    const t = ok(cernerToken('eyJ.token', 'system/Patient.read system/Encounter.read'), [
      'system/Patient.read',
      'system/Encounter.read',
    ]);
    expect(t).toEqual({
      accessToken: 'eyJ.token',
      tokenType: 'Bearer',
      expiresAt: NOW + 570_000,
      scopes: ['system/Patient.read', 'system/Encounter.read'],
      requestedScopes: ['system/Patient.read', 'system/Encounter.read'],
      droppedScopes: [],
    });
    expect(Object.isFrozen(t) && Object.isFrozen(t.scopes)).toBe(true);
  });

  it('compares token_type case-insensitively', () => {
    for (const tokenType of ['bearer', 'Bearer', 'BEARER']) {
      expect(ok({ access_token: 'a', token_type: tokenType, expires_in: 300 }).tokenType).toBe(
        tokenType,
      );
    }
  });

  it('uses the requested scopes when the response has no scope', () => {
    const t = ok({ access_token: 'a', token_type: 'bearer', expires_in: 300 }, [
      'system/Patient.rs',
    ]);
    expect(t.scopes).toEqual(['system/Patient.rs']);
    expect(t.droppedScopes).toEqual([]);
  });

  it('reports scopes Cerner silently dropped, but not v1/v2 conversions', () => {
    const t = ok(cernerToken('a', 'system/Patient.rs system/Slot.read'), [
      'system/Patient.read',
      'system/Patient.write',
      'system/Slot.read',
    ]);
    expect(t.scopes).toEqual(['system/Patient.rs', 'system/Slot.read']);
    expect(t.droppedScopes).toEqual(['system/Patient.write']);
  });

  it('rejects malformed successes with bad_response', () => {
    const bodies: [unknown, RegExp][] = [
      ['not json', /not a JSON object/],
      [[], /not a JSON object/],
      [{ token_type: 'Bearer', expires_in: 570 }, /no access_token/],
      [{ access_token: '', token_type: 'Bearer', expires_in: 570 }, /no access_token/],
      [{ access_token: 7, token_type: 'Bearer', expires_in: 570 }, /no access_token/],
      [{ access_token: 'a', expires_in: 570 }, /token_type/],
      [{ access_token: 'a', token_type: 'DPoP', expires_in: 570 }, /token_type/],
      [{ access_token: 'a', token_type: 'mac', expires_in: 570 }, /token_type/],
      [{ access_token: 'a', token_type: 'Bearer' }, /expires_in/],
      [{ access_token: 'a', token_type: 'Bearer', expires_in: 0 }, /expires_in/],
      [{ access_token: 'a', token_type: 'Bearer', expires_in: -1 }, /expires_in/],
      [{ access_token: 'a', token_type: 'Bearer', expires_in: '570' }, /expires_in/],
      [{ access_token: 'a', token_type: 'Bearer', expires_in: null }, /expires_in/],
      [
        {
          access_token: 'a',
          token_type: 'Bearer',
          expires_in: 570,
          scope: ['system/Patient.read'],
        },
        /scope/,
      ],
    ];
    for (const [body, message] of bodies) {
      const e = fail(200, body);
      expect(e, JSON.stringify(body)).toMatchObject({
        code: 'bad_response',
        status: 200,
        retryable: false,
      });
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain('access_token":');
    }
  });

  it('never puts the access token of a malformed success into the error', () => {
    const e = fail(200, { access_token: 'LEAKY-TOKEN-VALUE', token_type: 'mac', expires_in: 570 });
    expect(JSON.stringify(e) + e.message + String(e.stack)).not.toContain('LEAKY-TOKEN-VALUE');
  });
});

describe('requestToken', () => {
  it('posts to the token URL and times the whole exchange', async () => {
    const fetch = fakeFetch();
    let now = NOW;
    const t = await requestToken({
      tokenUrl: TOKEN_URL,
      scopes: ['system/Patient.read'],
      auth: { kind: 'client_secret_basic', clientId: CLIENT_ID, clientSecret: SECRET },
      fetch,
      timeoutMs: 1_000,
      now: () => (now += 100),
    });
    expect(fetch.calls[0]!.url).toBe(TOKEN_URL);
    expect(fetch.calls[0]!.method).toBe('POST');
    expect(t.expiresAt).toBe(NOW + 100 + 570_000); // start of the request, not the end
  });

  it('times out with code timeout', async () => {
    vi.useFakeTimers();
    const p = requestToken({
      tokenUrl: TOKEN_URL,
      scopes: ['system/Patient.read'],
      auth: { kind: 'client_secret_basic', clientId: CLIENT_ID, clientSecret: SECRET },
      fetch: hangingFetch(),
      timeoutMs: 10_000,
      now: () => NOW,
    });
    const state = settlement(p);
    const settled = expect(p).rejects.toMatchObject({ code: 'timeout', retryable: true });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(state.settled).toBe(false); // not a millisecond early
    await vi.advanceTimersByTimeAsync(1);
    await settled;
  });

  it('a body that stalls after the headers also times out', async () => {
    vi.useFakeTimers();
    const fetch = (async (_u: unknown, init?: RequestInit) => {
      const body = new ReadableStream({
        start(controller) {
          init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
        },
      });
      return new Response(body, { status: 200 });
    }) as typeof globalThis.fetch;
    const p = requestToken({
      tokenUrl: TOKEN_URL,
      scopes: ['system/Patient.read'],
      auth: { kind: 'private_key_jwt', assertion: 'a.b.c' },
      fetch,
      timeoutMs: 2_000,
      now: () => NOW,
    });
    const state = settlement(p);
    const settled = expect(p).rejects.toMatchObject({ code: 'timeout' });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
  });

  it('maps a network failure to code network, retryable', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('ECONNREFUSED 127.0.0.1:1') });
    }) as typeof fetch;
    const refused = (async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), {
          code: 'ECONNREFUSED',
        }),
      });
    }) as typeof fetch;
    const err = (await requestToken({
      tokenUrl: `${TOKEN_URL}?x=1`,
      scopes: ['system/Patient.read'],
      auth: { kind: 'client_secret_basic', clientId: CLIENT_ID, clientSecret: SECRET },
      fetch: refused,
      timeoutMs: 1_000,
      now: () => NOW,
    }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(
      `The token request got no HTTP answer from ${TOKEN_URL} (ECONNREFUSED). Check that the server is running and the URL is right`,
    );
    await expect(
      requestToken({
        tokenUrl: TOKEN_URL,
        scopes: ['system/Patient.read'],
        auth: { kind: 'client_secret_basic', clientId: CLIENT_ID, clientSecret: SECRET },
        fetch: down,
        timeoutMs: 1_000,
        now: () => NOW,
      }),
    ).rejects.toMatchObject({ code: 'network', retryable: true });
  });

  it("carries Cerner's correlation id as requestId (an id only; other header text is dropped)", async () => {
    const run = (id: string): Promise<unknown> =>
      requestToken({
        tokenUrl: TOKEN_URL,
        scopes: ['system/Patient.read'],
        auth: { kind: 'client_secret_basic', clientId: CLIENT_ID, clientSecret: SECRET },
        fetch: fakeFetch(() =>
          json({ error: 'invalid_client' }, 401, { 'cerner-correlation-id': id }),
        ),
        timeoutMs: 1_000,
        now: () => NOW,
      }).catch((e: unknown) => e);
    const err = (await run('6813f4e8-18a2-4745-941c-9898536f4585')) as SmartAuthError;
    expect(err.requestId).toBe('6813f4e8-18a2-4745-941c-9898536f4585');
    expect(err.message).toContain('6813f4e8-18a2-4745-941c-9898536f4585');
    expect(err.toJSON().requestId).toBe('6813f4e8-18a2-4745-941c-9898536f4585');
    expect(((await run('Jane Doe <script>')) as SmartAuthError).requestId).toBeUndefined();
  });

  it('scrubs the Basic credentials from an echoed error description', async () => {
    const basic = basicAuthorization(CLIENT_ID, SECRET).slice('Basic '.length);
    const fetch = fakeFetch(() =>
      json({ error: 'invalid_request', error_description: `bad header Basic ${basic}` }, 400),
    );
    const err = (await requestToken({
      tokenUrl: TOKEN_URL,
      scopes: ['system/Patient.read'],
      auth: { kind: 'client_secret_basic', clientId: CLIENT_ID, clientSecret: SECRET },
      fetch,
      timeoutMs: 1_000,
      now: () => NOW,
    }).catch((e: unknown) => e)) as SmartAuthError;
    expect(err.code).toBe('invalid_request');
    expect(err.message).not.toContain(basic);
  });
});
