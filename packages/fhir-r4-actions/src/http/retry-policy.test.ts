import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE, outcomes, patient } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson, hang, networkError } from '../__fixtures__/fake-fetch.js';
import { fail, get, settlement } from '../__fixtures__/http-helpers.js';
import { NOW, testHttp } from '../__fixtures__/test-client.js';

afterEach(() => {
  vi.useRealTimers();
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
