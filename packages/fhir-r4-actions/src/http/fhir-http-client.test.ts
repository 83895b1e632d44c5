import { SmartAuthError } from '@cerner-kit/smart-auth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE, outcomes, patient } from '../__fixtures__/cerner-payloads.js';
import { fakeAuth } from '../__fixtures__/fake-auth.js';
import { created, fakeFetch, fhirJson, hang, networkError } from '../__fixtures__/fake-fetch.js';
import { NOW, testHttp } from '../__fixtures__/test-client.js';
import { FhirActionError } from '../errors.js';

const get = { method: 'GET', path: 'Patient/4400001' } as const;
const post = { method: 'POST', path: 'Patient', body: { resourceType: 'Patient' } } as const;
/** Whether `p` has settled yet: a fake-timer test proves a timeout does not fire early. */
const settlement = (p: Promise<unknown>): { readonly settled: boolean } => {
  const state = { settled: false };
  p.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
};
const fail = (p: Promise<unknown>): Promise<FhirActionError> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => {
      expect(FhirActionError.isInstance(e)).toBe(true);
      return e as FhirActionError;
    },
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('FhirHttpClient: requests', () => {
  it('sends FHIR JSON headers and the bearer token; Content-Type only on writes', async () => {
    const fetch = fakeFetch(
      () => fhirJson(patient('4400001')),
      () => created(`${BASE}/Patient/1`),
    );
    const { http, auth } = testHttp(fetch);
    const res = await http.request(get);
    expect(res.body).toMatchObject({ resourceType: 'Patient', id: '4400001' });
    await http.request(post);
    expect(fetch.calls[0]).toMatchObject({
      url: `${BASE}/Patient/4400001`,
      method: 'GET',
      headers: { Accept: 'application/fhir+json', Authorization: 'Bearer tok-SECRET-1' },
    });
    expect(fetch.calls[0]!.headers['Content-Type']).toBeUndefined();
    expect(fetch.calls[1]!.headers).toMatchObject({
      'Content-Type': 'application/fhir+json',
      Accept: 'application/fhir+json',
    });
    expect(fetch.calls[1]!.body).toBe('{"resourceType":"Patient"}');
    expect(auth.requests[0]).toEqual(['system/Patient.read', 'system/Patient.write']);
  });

  it('keeps the X-Request-Id of a success', async () => {
    const { http } = testHttp(
      fakeFetch(() => fhirJson(patient('1'), 200, { 'X-Request-Id': 'req-ok' })),
    );
    expect((await http.request(get)).requestId).toBe('req-ok');
  });

  it('a 200 whose body is not JSON is bad_response', async () => {
    const { http } = testHttp(fakeFetch(() => new Response('<html>oops</html>', { status: 200 })));
    expect(await fail(http.request(get))).toMatchObject({ code: 'bad_response', status: 200 });
  });

  it('a redirect is never followed (the token would go along)', async () => {
    const fetch = fakeFetch(
      () =>
        new Response(null, { status: 302, headers: { Location: 'https://elsewhere.example/' } }),
    );
    const { http } = testHttp(fetch);
    const err = await fail(http.request(get));
    expect(err).toMatchObject({ code: 'bad_response', status: 302 });
    expect(fetch.calls).toHaveLength(1);
    // What is sent: fetch is told not to follow (a fake fetch cannot follow, so the status alone
    // would pass with the option deleted).
    expect(fetch.calls[0]!.redirect).toBe('manual');
  });

  it('refuses an absolute URL on another origin before sending anything', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http, auth } = testHttp(fetch);
    const err = await fail(
      http.request({ method: 'GET', path: 'https://evil.example/r4/x/Patient/1' }),
    );
    expect(err.code).toBe('bad_response');
    expect(err.message).toMatch(/another origin/);
    expect(fetch.calls).toHaveLength(0);
    expect(auth.issued).toBe(0);
    await fail(
      http.request({ method: 'GET', path: 'http://fhir-ehr-code.cerner.com/r4/x/Patient/1' }),
    ); // scheme downgrade
    expect(fetch.calls).toHaveLength(0);
  });

  it('a missing scope fails before the request, naming it', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http } = testHttp(fetch, { auth: fakeAuth(['system/Patient.read']) });
    const err = await fail(http.request({ ...post, requiredScopes: ['system/Patient.write'] }));
    expect(err).toMatchObject({ code: 'missing_scope', missingScopes: ['system/Patient.write'] });
    expect(err.message).toContain(
      "Add it to the system account's scopes in Cerner Code Console (the token was granted: system/Patient.read)",
    );
    expect(fetch.calls).toHaveLength(0);
  });

  it('a token failure is auth_failed with the SmartAuthError as cause', async () => {
    const cause = new SmartAuthError(
      'invalid_scope',
      'Cerner granted none of the requested scopes',
      { status: 400 },
    );
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http } = testHttp(fetch, { auth: fakeAuth([], { fail: cause }) });
    const err = await fail(http.request(get));
    expect(err).toMatchObject({ code: 'auth_failed', status: 400, retryable: false });
    expect(err.cause).toBe(cause);
    expect(fetch.calls).toHaveLength(0);
  });
});

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

describe('FhirHttpClient: GET retries', () => {
  it('honours Retry-After in seconds and as an HTTP date (injected sleep records the waits)', async () => {
    const fetch = fakeFetch(
      () => fhirJson(outcomes.transient, 503, { 'Retry-After': '3' }),
      () =>
        fhirJson(outcomes.transient, 429, { 'Retry-After': new Date(NOW + 7_000).toUTCString() }),
      () => fhirJson(patient('4400001')),
    );
    const { http, sleeps } = testHttp(fetch);
    await http.request(get);
    expect(fetch.calls).toHaveLength(3);
    expect(sleeps).toEqual([3_000, 7_000]);
    expect(fetch.calls.every((c) => c.url === `${BASE}/Patient/4400001`)).toBe(true);
  });

  it('caps Retry-After at maxDelayMs and backs off exponentially without it', async () => {
    const fetch = fakeFetch(
      () => fhirJson(outcomes.transient, 503, { 'Retry-After': '3600' }),
      () => fhirJson(outcomes.transient, 502),
      () => fhirJson(outcomes.transient, 504),
      () => fhirJson(patient('1')),
    );
    const { http, sleeps } = testHttp(fetch, {
      retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 2_000 },
    });
    await http.request(get);
    // random() = 0.5: attempt 1 -> 0.5 * 200, attempt 2 -> 0.5 * 400
    expect(sleeps).toEqual([2_000, 100, 200]);
  });

  it('retries network errors and timeouts', async () => {
    const fetch = fakeFetch(
      () => {
        throw networkError('ECONNRESET');
      },
      () => fhirJson(patient('1')),
    );
    const { http, sleeps, logger } = testHttp(fetch);
    await http.request(get);
    expect(fetch.calls).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(logger.lines.some((l) => l.level === 'warn' && l.fields?.code === 'network')).toBe(true);
  });

  it('gives up after `retries` with a retryable error carrying status, OperationOutcome, request id and Retry-After', async () => {
    const fetch = fakeFetch(() =>
      fhirJson(outcomes.transient, 503, { 'X-Request-Id': 'req-503', 'Retry-After': '1' }),
    );
    const { http } = testHttp(fetch, { retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 100 } });
    const err = await fail(
      http.request({ method: 'GET', path: 'Patient?identifier=urn%3Aoid%3A1%7C700123' }),
    );
    expect(fetch.calls).toHaveLength(2);
    expect(err).toMatchObject({
      code: 'server_error',
      status: 503,
      retryable: true,
      method: 'GET',
      url: `${BASE}/Patient?…`,
      requestId: 'req-503',
      retryAfterMs: 1000,
      issues: [{ severity: 'error', code: 'transient', text: 'Service Unavailable' }],
    });
    expect(err.operationOutcome?.resourceType).toBe('OperationOutcome');
    expect(err.message).toMatch(/Gave up after 2 attempts/);
    expect(err.message).not.toContain('700123');
  });

  it('does not retry 404, 400, 422 or 500 (Cerner: stored data missing a required field)', async () => {
    for (const [status, body, code] of [
      [404, outcomes.notFound, 'not_found'],
      [400, outcomes.badRequest, 'bad_request'],
      [422, outcomes.unprocessable, 'unprocessable'],
      [500, outcomes.required500, 'server_error'],
      [409, outcomes.unprocessable, 'conflict'],
    ] as const) {
      const fetch = fakeFetch(() => fhirJson(body, status));
      const { http, sleeps } = testHttp(fetch);
      const err = await fail(http.request(get));
      expect(err, String(status)).toMatchObject({ code, status, retryable: false });
      expect(fetch.calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    }
  });

  it('times out each attempt with an AbortController, retries, then fails with timeout', async () => {
    vi.useFakeTimers();
    const fetch = fakeFetch(hang);
    const { http } = testHttp(fetch, {
      timeoutMs: 1_000,
      retry: { retries: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const pending = fail(http.request(get));
    const state = settlement(pending);
    await vi.advanceTimersByTimeAsync(999);
    expect(fetch.calls).toHaveLength(1); // the first attempt is still waiting
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(state.settled).toBe(false); // the second attempt gets its full 1000 ms too
    await vi.advanceTimersByTimeAsync(1);
    const err = await pending;
    expect(err).toMatchObject({ code: 'timeout', retryable: true, method: 'GET' });
    expect(err.message).toMatch(/timed out after 1000 ms \(2 attempts\)/);
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls.every((c) => c.signal?.aborted)).toBe(true);
  });
});

describe('FhirHttpClient: POST is never retried blindly', () => {
  it('503 without Retry-After: one request, mayHaveSucceeded, and the message says to search first', async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.transient, 503, { 'X-Request-Id': 'req-p' }));
    const { http, sleeps } = testHttp(fetch);
    const err = await fail(http.request(post));
    expect(fetch.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(err).toMatchObject({
      code: 'server_error',
      status: 503,
      retryable: false,
      mayHaveSucceeded: true,
      requestId: 'req-p',
    });
    expect(err.message).toMatch(
      /create may have happened: search for the resource before trying again/,
    );
  });

  it('503 with Retry-After and 429 mean not processed: still one request, mayHaveSucceeded false', async () => {
    for (const status of [503, 429]) {
      const fetch = fakeFetch(() => fhirJson(outcomes.transient, status, { 'Retry-After': '5' }));
      const { http } = testHttp(fetch);
      const err = await fail(http.request(post));
      expect(fetch.calls).toHaveLength(1);
      expect(err).toMatchObject({
        status,
        retryable: false,
        mayHaveSucceeded: false,
        retryAfterMs: 5_000,
      });
      expect(err.message).toMatch(
        /did not process it; not retried automatically \(a POST\): try again after 5 s/,
      );
    }
  });

  it('500/502/504 may have succeeded; 4xx did not', async () => {
    for (const [status, may] of [
      [500, true],
      [502, true],
      [504, true],
      [422, false],
      [400, false],
      [403, false],
    ] as const) {
      const fetch = fakeFetch(() => fhirJson(outcomes.unprocessable, status));
      const err = await fail(testHttp(fetch).http.request(post));
      expect(fetch.calls).toHaveLength(1);
      expect(err.mayHaveSucceeded, String(status)).toBe(may);
    }
  });

  it('a dropped connection after sending: mayHaveSucceeded', async () => {
    const fetch = fakeFetch(() => {
      throw networkError('ECONNRESET');
    });
    const err = await fail(testHttp(fetch).http.request(post));
    expect(fetch.calls).toHaveLength(1);
    expect(err).toMatchObject({ code: 'network', mayHaveSucceeded: true, retryable: false });
    expect(err.message).toMatch(/may have happened\. Search for the resource before trying again/);
  });

  it('connection refused: nothing was sent, safe to retry (but not retried here)', async () => {
    const fetch = fakeFetch(() => {
      throw networkError('ECONNREFUSED');
    });
    const err = await fail(testHttp(fetch).http.request(post));
    expect(fetch.calls).toHaveLength(1);
    expect(err).toMatchObject({ code: 'network', mayHaveSucceeded: false, retryable: true });
    expect(err.message).toBe(
      'POST Patient failed before the request was sent (could not connect to fhir-ehr-code.cerner.com: ECONNREFUSED): nothing was created; it is safe to try again',
    );
  });

  it('a GET network failure names the host and the error code, not the path', async () => {
    const fetch = fakeFetch(() => {
      throw networkError('ECONNREFUSED');
    });
    const err = await fail(
      testHttp(fetch, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }).http.request({
        method: 'GET',
        path: 'Patient/12724066',
      }),
    );
    expect(err.message).toBe(
      'GET Patient failed: no response from fhir-ehr-code.cerner.com (ECONNREFUSED) (1 attempt)',
    );
  });

  it('a timeout: mayHaveSucceeded', async () => {
    vi.useFakeTimers();
    const fetch = fakeFetch(hang);
    const pending = fail(testHttp(fetch, { timeoutMs: 500 }).http.request(post));
    const state = settlement(pending);
    await vi.advanceTimersByTimeAsync(499);
    expect(state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({
      code: 'timeout',
      mayHaveSucceeded: true,
      retryable: false,
    });
    expect(fetch.calls).toHaveLength(1);
  });

  it('a 201 whose body is not JSON still succeeds (the id is in Location)', async () => {
    const { http } = testHttp(
      fakeFetch(
        () =>
          new Response('<html></html>', {
            status: 201,
            headers: { Location: `${BASE}/Patient/9` },
          }),
      ),
    );
    expect((await http.request(post)).headers.get('location')).toBe(`${BASE}/Patient/9`);
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
