import { SmartAuthError } from '@cerner-kit/smart-auth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE, patient } from '../__fixtures__/cerner-payloads.js';
import { fakeAuth } from '../__fixtures__/fake-auth.js';
import { fakeFetch, fhirJson, hang, type Handler } from '../__fixtures__/fake-fetch.js';
import { testClient, testHttp } from '../__fixtures__/test-client.js';
import { FhirActionError } from '../errors.js';

const get = { method: 'GET', path: 'Patient/4400001' } as const;
const post = { method: 'POST', path: 'Patient', body: { resourceType: 'Patient' } } as const;
const reason = new Error('caller gave up');
const unavailable = { resourceType: 'OperationOutcome', issue: [] };

/** A handler that hangs until aborted, aborting `controller` once the request is in flight. */
const hangAndAbort =
  (controller: AbortController): Handler =>
  (call) => {
    const pending = hang(call);
    controller.abort(reason);
    return pending;
  };

const rejection = async (p: Promise<unknown>): Promise<FhirActionError> => {
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(FhirActionError.isInstance(e)).toBe(true);
  return e as FhirActionError;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('FhirHttpClient: the caller’s AbortSignal', () => {
  it('aborts a GET in flight: aborted, no retry, the reason as cause', async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(hangAndAbort(controller));
    const { http, sleeps } = testHttp(fetch);
    const err = await rejection(http.request({ ...get, signal: controller.signal }));
    expect(err).toMatchObject({ code: 'aborted', retryable: true, method: 'GET' });
    expect(err.mayHaveSucceeded).toBeUndefined();
    expect(err.cause).toBe(reason);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.signal?.aborted).toBe(true);
    expect(sleeps).toEqual([]);
  });

  it('aborts a POST in flight: the create may have happened', async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(hangAndAbort(controller));
    const { http } = testHttp(fetch);
    const err = await rejection(http.request({ ...post, signal: controller.signal }));
    expect(err).toMatchObject({ code: 'aborted', mayHaveSucceeded: true, retryable: false });
    expect(err.message).toMatch(/may have happened/);
  });

  it('an already aborted signal: no token, no request, nothing created', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http, auth } = testHttp(fetch);
    const err = await rejection(http.request({ ...post, signal: AbortSignal.abort(reason) }));
    expect(err).toMatchObject({ code: 'aborted', mayHaveSucceeded: false, retryable: true });
    expect(err.cause).toBe(reason);
    expect(auth.requests).toHaveLength(0);
    expect(fetch.calls).toHaveLength(0);
  });

  it('ends a retry wait even when the injected sleep ignores the signal', async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(() => fhirJson(unavailable, 503));
    const { http } = testHttp(fetch, {
      sleep: () => {
        controller.abort(reason);
        return new Promise<void>(() => undefined); // never ends by itself
      },
    });
    const err = await rejection(http.request({ ...get, signal: controller.signal }));
    expect(err).toMatchObject({ code: 'aborted', retryable: true });
    expect(fetch.calls).toHaveLength(1);
  });

  it('ends a token retry wait: nothing was sent', async () => {
    const controller = new AbortController();
    const transient = new SmartAuthError('network', 'Token request failed', { retryable: true });
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http, auth } = testHttp(fetch, {
      auth: fakeAuth(undefined, { fail: transient }),
      sleep: () => {
        controller.abort(reason);
        return new Promise<void>(() => undefined);
      },
    });
    const err = await rejection(http.request({ ...post, signal: controller.signal }));
    expect(err).toMatchObject({ code: 'aborted', mayHaveSucceeded: false, method: 'POST' });
    expect(auth.requests).toHaveLength(1);
    expect(fetch.calls).toHaveLength(0);
  });

  it('a signal that does not fire leaves the timeout in charge', async () => {
    vi.useFakeTimers();
    const fetch = fakeFetch(hang);
    const { http } = testHttp(fetch, {
      timeoutMs: 1_000,
      retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const pending = rejection(http.request({ ...get, signal: new AbortController().signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toMatchObject({ code: 'timeout' });
  });
});

describe('FhirHttpClient: extra headers', () => {
  it('are sent beside the layer’s own', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http } = testHttp(fetch);
    await http.request({
      ...get,
      headers: { Prefer: 'handling=strict', 'X-Correlation-Id': 'c1' },
    });
    expect(fetch.calls[0]!.headers).toEqual({
      Prefer: 'handling=strict',
      'X-Correlation-Id': 'c1',
      Accept: 'application/fhir+json',
      Authorization: 'Bearer tok-SECRET-1',
    });
  });

  it('cannot replace Authorization, Accept or Content-Type, nor carry CR/LF, before any request', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http, auth } = testHttp(fetch);
    const cases: [unknown, string][] = [
      [{ authorization: 'Bearer other' }, 'headers.authorization'],
      [{ Accept: 'text/html' }, 'headers.Accept'],
      [{ 'content-type': 'text/plain' }, 'headers.content-type'],
      [{ 'X-A': 'a\r\nInjected: 1' }, 'headers.X-A'],
      [{ 'X-A': 1 }, 'headers.X-A'],
      [{ 'bad name': 'x' }, 'headers'],
      [['x'], 'headers'],
    ];
    for (const [headers, field] of cases) {
      const err = await rejection(http.request({ ...get, headers: headers as never }));
      expect(err, field).toMatchObject({ code: 'invalid_input', field });
    }
    expect(fetch.calls).toHaveLength(0);
    expect(auth.requests).toHaveLength(0);
  });
});

describe('client methods take { signal }', () => {
  it('every action method passes it to the request', async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(hangAndAbort(controller));
    const { client } = testClient(fetch);
    const err = await rejection(
      client.getPatientEncounters({ patientId: '4400001' }, { signal: controller.signal }),
    );
    expect(err).toMatchObject({ code: 'aborted' });
    expect(fetch.calls[0]!.url).toBe(`${BASE}/Encounter?patient=4400001`);
  });

  it('the default sleep ends on abort and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const fetch = fakeFetch(() => fhirJson(unavailable, 503, { 'Retry-After': '5' }));
    const { client } = testClient(fetch, { sleep: undefined });
    const pending = rejection(
      client.getPatient({ patientId: '4400001' }, { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch.calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1); // the 5 s wait
    controller.abort(reason);
    expect(await pending).toMatchObject({ code: 'aborted' });
    expect(vi.getTimerCount()).toBe(0);
    expect(fetch.calls).toHaveLength(1);
  });
});
