import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE, outcomes } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson, hang, networkError } from '../__fixtures__/fake-fetch.js';
import { fail, post, settlement } from '../__fixtures__/http-helpers.js';
import { testHttp } from '../__fixtures__/test-client.js';

afterEach(() => {
  vi.useRealTimers();
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
