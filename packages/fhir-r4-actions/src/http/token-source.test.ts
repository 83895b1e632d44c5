import { SmartAuthError } from '@cerner-kit/smart-auth';
import { describe, expect, it } from 'vitest';
import { BASE, outcomes, patient } from '../__fixtures__/cerner-payloads.js';
import { fakeAuth } from '../__fixtures__/fake-auth.js';
import { created, fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { fail, get, post } from '../__fixtures__/http-helpers.js';
import { testHttp } from '../__fixtures__/test-client.js';

describe('FhirHttpClient: token failures', () => {
  const transient = new SmartAuthError('bad_response', 'Token request failed: HTTP 503', {
    status: 503,
    retryable: true,
  });

  it('a transient token failure is retried with backoff, for a POST too (nothing was sent yet)', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/7`));
    const auth = fakeAuth(undefined, { fail: transient, failTimes: 2 });
    const { http, sleeps, logger } = testHttp(fetch, { auth });
    const res = await http.request(post);
    expect(res.status).toBe(201);
    expect(auth.requests).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]); // full jitter, random 0.5: half of 100 · 2^attempt
    expect(fetch.calls).toHaveLength(1); // one POST, after the token came
    expect(logger.lines.filter((l) => l.msg.includes('token request failed'))).toHaveLength(2);
  });

  it('gives up after the retry budget and says how many attempts were made', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const auth = fakeAuth(undefined, { fail: transient });
    const { http, sleeps } = testHttp(fetch, { auth });
    const err = await fail(http.request(get));
    expect(err).toMatchObject({ code: 'auth_failed', status: 503, retryable: true });
    expect(err.message).toContain('after 3 attempts');
    expect(auth.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(fetch.calls).toHaveLength(0);
  });

  it('a refusal (invalid_client) is not retried', async () => {
    const refused = new SmartAuthError('invalid_client', 'Cerner refused the client', {
      status: 401,
    });
    const auth = fakeAuth(undefined, { fail: refused });
    const { http, sleeps } = testHttp(fakeFetch(), { auth });
    await expect(http.request(get)).rejects.toMatchObject({ code: 'auth_failed', status: 401 });
    expect(auth.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retry: { retries: 0 } turns token retries off too', async () => {
    const auth = fakeAuth(undefined, { fail: transient, failTimes: 1 });
    const { http } = testHttp(
      fakeFetch(() => fhirJson(patient('1'))),
      {
        auth,
        retry: { retries: 0, baseDelayMs: 100, maxDelayMs: 10_000 },
      },
    );
    await expect(http.request(get)).rejects.toMatchObject({ code: 'auth_failed' });
    expect(auth.requests).toHaveLength(1);
  });
});

describe('FhirHttpClient: 401', () => {
  it('invalidates the token and retries once with a new one (GET and POST)', async () => {
    for (const req of [get, post]) {
      const fetch = fakeFetch(
        () => fhirJson(outcomes.invalidToken, 401),
        () => (req.method === 'GET' ? fhirJson(patient('1')) : created(`${BASE}/Patient/2`)),
      );
      const { http, auth } = testHttp(fetch);
      await http.request(req);
      expect(auth.invalidated).toEqual(['tok-SECRET-1']);
      expect(fetch.calls.map((c) => c.headers.Authorization)).toEqual([
        'Bearer tok-SECRET-1',
        'Bearer tok-SECRET-2',
      ]);
    }
  });

  it('a second 401 is unauthorized, with the challenge in issues', async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.invalidToken, 401));
    const { http, auth } = testHttp(fetch);
    const err = await fail(http.request(post));
    expect(fetch.calls).toHaveLength(2);
    expect(auth.invalidated).toEqual(['tok-SECRET-1']);
    expect(err).toMatchObject({
      code: 'unauthorized',
      status: 401,
      mayHaveSucceeded: false,
      issues: [{ code: 'login', expression: ['http.Authorization'] }],
    });
    expect(err.message).toMatch(/rejected the access token twice/);
    expect(err.message).not.toContain('tok-SECRET');
  });
});
