import { inspect } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_ID,
  cernerErrorUri,
  cernerToken,
  fakeFetch,
  json,
  memoryLogger,
  SECRET,
  TOKEN_URL,
} from './__fixtures__/cerner.js';
import { createBackendAuth } from './create-backend-auth.js';
import { SmartAuthError } from './errors.js';
import { basicAuthorization } from './token-request.js';

const secretOptions = {
  clientId: CLIENT_ID,
  credentials: { clientSecret: SECRET },
  tokenUrl: TOKEN_URL,
};

afterEach(() => {
  vi.useRealTimers();
});

describe('createBackendAuth: no secret, assertion or token leaks', () => {
  it('client_secret_basic: errors and logs never contain the secret, the Basic value or a token', async () => {
    const logger = memoryLogger();
    const basic = basicAuthorization(CLIENT_ID, SECRET).slice('Basic '.length);
    const responses = [
      () => json(cernerToken('ACCESS-TOKEN-1', 'system/Patient.read')),
      () =>
        json(
          {
            error: 'invalid_client',
            error_uri: cernerErrorUri('oauth2:token:invalid-client-credentials', 'unknown'),
            error_description: `bad ${SECRET}`,
          },
          401,
        ),
      () => json({ access_token: 'ACCESS-TOKEN-2', token_type: 'mac', expires_in: 570 }),
      () => new Response(`<html>echo ${basic}</html>`, { status: 500 }),
    ];
    const fetch = fakeFetch((_c, n) => responses[n - 1]!());
    const auth = createBackendAuth({ ...secretOptions, fetch, logger });
    const errors: unknown[] = [];
    const t = await auth.getToken('system/Patient.read');
    await auth.invalidate(t.accessToken);
    for (let i = 0; i < 3; i++) {
      errors.push(await auth.getToken('system/Patient.read').catch((e: unknown) => e));
    }
    expect(errors.map((e) => (e as SmartAuthError).code)).toEqual([
      'invalid_client',
      'bad_response',
      'bad_response',
    ]);
    const haystack = [
      ...errors.map(
        (e) =>
          JSON.stringify(e) +
          (e as Error).message +
          String((e as Error).stack) +
          inspect(e, { depth: 5 }),
      ),
      JSON.stringify(logger.lines),
    ].join('\n');
    for (const needle of [SECRET, basic, 'ACCESS-TOKEN-1', 'ACCESS-TOKEN-2']) {
      expect(haystack).not.toContain(needle);
    }
    expect(logger.lines.length).toBeGreaterThan(0);
  });

  it('private_key_jwt: errors and logs never contain the assertion or the key', async () => {
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const logger = memoryLogger();
    let assertion = '';
    const fetch = fakeFetch((call) => {
      assertion = call.form.get('client_assertion')!;
      return json(
        {
          error: 'invalid_client',
          error_description: `assertion ${assertion} rejected`,
          error_uri: cernerErrorUri('client-assertion:jwt-bearer:invalid-signature'),
        },
        401,
      );
    });
    const auth = createBackendAuth({
      clientId: 'c',
      credentials: { privateKey: jwk, keyId: 'k', alg: 'ES384' },
      tokenUrl: TOKEN_URL,
      fetch,
      logger,
    });
    const err = await auth.getToken('system/Patient.rs').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_client', status: 401 });
    expect(assertion.length).toBeGreaterThan(50);
    const haystack =
      JSON.stringify(err) +
      (err as Error).message +
      String((err as Error).stack) +
      inspect(err, { depth: 5 }) +
      JSON.stringify(logger.lines);
    expect(haystack).not.toContain(assertion);
    expect(haystack).not.toContain(assertion.split('.')[2]!);
    expect(haystack).not.toContain(jwk.d!);
  });

  it('option errors never echo the secret or key', () => {
    const cases = [
      { clientId: '', credentials: { clientSecret: SECRET }, tokenUrl: TOKEN_URL },
      {
        clientId: 'c',
        credentials: { clientSecret: SECRET, privateKey: SECRET },
        tokenUrl: TOKEN_URL,
      },
      {
        clientId: 'c',
        credentials: {
          privateKey: `-----BEGIN RSA PRIVATE KEY-----${SECRET}`,
          keyId: 'k',
          alg: 'RS384',
        },
        tokenUrl: TOKEN_URL,
      },
    ];
    for (const o of cases) {
      let err: unknown;
      try {
        createBackendAuth(o as never);
      } catch (e) {
        err = e;
      }
      expect(SmartAuthError.isInstance(err)).toBe(true);
      expect(JSON.stringify(err) + (err as Error).message).not.toContain(SECRET);
    }
  });
});
