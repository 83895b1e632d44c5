import { SmartAuthError } from '@cerner-kit/smart-auth';
import { describe, expect, it } from 'vitest';
import { BASE, patient } from '../__fixtures__/cerner-payloads.js';
import { fakeAuth } from '../__fixtures__/fake-auth.js';
import { created, fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { fail, get, post } from '../__fixtures__/http-helpers.js';
import { testHttp } from '../__fixtures__/test-client.js';

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
