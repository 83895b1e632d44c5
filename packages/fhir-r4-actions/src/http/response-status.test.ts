import { describe, expect, it } from 'vitest';
import { outcomes, patient } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testHttp } from '../__fixtures__/test-client.js';
import { FhirActionError } from '../errors.js';

const get = { method: 'GET', path: 'Patient/4400001' } as const;
const noRetry = { retries: 0, baseDelayMs: 0, maxDelayMs: 0 };

const rejection = async (p: Promise<unknown>): Promise<FhirActionError> => {
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(FhirActionError.isInstance(e)).toBe(true);
  return e as FhirActionError;
};

describe('FhirHttpClient: the code and retryable flag of each status', () => {
  it('maps every status class to its code', async () => {
    const table: [number, string, boolean][] = [
      [400, 'bad_request', false],
      [403, 'forbidden', false],
      [404, 'not_found', false],
      [405, 'bad_request', false],
      [408, 'bad_request', true],
      [409, 'conflict', false],
      [410, 'not_found', false],
      [412, 'conflict', false],
      [422, 'unprocessable', false],
      [429, 'rate_limited', true],
      [500, 'server_error', false],
      [501, 'server_error', false],
      [502, 'server_error', true],
      [503, 'server_error', true],
      [504, 'server_error', true],
      [304, 'bad_response', false],
    ];
    for (const [status, code, retryable] of table) {
      const fetch = fakeFetch(() =>
        status === 304 ? new Response(null, { status }) : fhirJson(outcomes.notFound, status),
      );
      const { http } = testHttp(fetch, { retry: noRetry });
      const err = await rejection(http.request(get));
      expect(err, String(status)).toMatchObject({ code, status, retryable });
    }
  });
});

describe('FhirHttpClient: request ids', () => {
  it("falls back to Oracle's opc-request-id, on a success and on an error", async () => {
    const fetch = fakeFetch(
      () => fhirJson(patient('4400001'), 200, { 'opc-request-id': '/OPC/1' }),
      () => fhirJson(outcomes.notFound, 404, { 'opc-request-id': '/OPC/2' }),
      () => fhirJson(outcomes.notFound, 404, { 'opc-request-id': '/OPC/3', 'X-Request-Id': 'x-3' }),
    );
    const { http } = testHttp(fetch);
    expect((await http.request(get)).requestId).toBe('/OPC/1');
    expect(await rejection(http.request(get))).toMatchObject({ requestId: '/OPC/2' });
    expect(await rejection(http.request(get))).toMatchObject({ requestId: 'x-3' });
  });
});

describe('FhirHttpClient: what a request may be', () => {
  it('refuses a method other than GET or POST, and an empty path, before any token', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http, auth } = testHttp(fetch);
    expect(
      await rejection(http.request({ method: 'PUT' as never, path: 'Patient/1' })),
    ).toMatchObject({ code: 'invalid_input', field: 'method' });
    expect(await rejection(http.request({ method: 'GET', path: '' }))).toMatchObject({
      code: 'invalid_input',
      field: 'path',
    });
    expect(auth.requests).toHaveLength(0);
    expect(fetch.calls).toHaveLength(0);
  });

  it('resolves a path with leading slashes against the base, not the origin root', () => {
    const { http } = testHttp(fakeFetch());
    expect(http.resolve('/Patient/1')).toBe(`${http.baseUrl}/Patient/1`);
    expect(http.resolve('Patient/1')).toBe(`${http.baseUrl}/Patient/1`);
  });

  it('reads a protocol-relative link as a URL: same origin followed, another refused', () => {
    const { http } = testHttp(fakeFetch());
    const host = new URL(http.baseUrl).host;
    expect(http.resolve(`//${host}/r4/t/Patient?page=2`)).toBe(
      `https://${host}/r4/t/Patient?page=2`,
    );
    expect(() => http.resolve('//evil.example/r4/t/Patient')).toThrow(/another origin/);
  });

  it('names the resource type from the path when the request does not', async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.notFound, 404));
    const { http, logger } = testHttp(fetch);
    const err = await rejection(http.request({ method: 'GET', path: 'Encounter/9?x=1' }));
    expect(err.message).toMatch(/^GET Encounter failed/);
    const named = await rejection(
      http.request({ method: 'GET', path: 'Encounter/9', resourceType: 'Appointment' }),
    );
    expect(named.message).toMatch(/^GET Appointment failed/);
    const odd = await rejection(http.request({ method: 'GET', path: 'metadata' }));
    expect(odd.message).toMatch(/^GET unknown failed/);
    expect(logger.lines.map((l) => l.fields?.resourceType)).toEqual([
      'Encounter',
      'Appointment',
      'unknown',
    ]);
  });
});
