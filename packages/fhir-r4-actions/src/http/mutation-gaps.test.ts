// Tests added by the mutation pass over the HTTP layer (#16): each one kills a mutant that
// survived the earlier suite (the list is in the package README, "Mutation pass").
import type { Encounter } from 'fhir/r4.js';
import { describe, expect, it, vi } from 'vitest';
import { BASE, encounter, outcomes, patient, searchset } from '../__fixtures__/cerner-payloads.js';
import { fakeAuth } from '../__fixtures__/fake-auth.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { fail, get, post } from '../__fixtures__/http-helpers.js';
import { testHttp } from '../__fixtures__/test-client.js';
import { createResource } from '../actions/create-resource.js';
import { fetchAllPages } from './bundle-pages.js';
import { summarizeOutcome } from './operation-outcome.js';
import { wait } from './retry-policy.js';

describe('response bodies and messages', () => {
  it('a whitespace-only 200 body is an empty body, not bad JSON', async () => {
    const { http } = testHttp(fakeFetch(() => new Response(' \n', { status: 200 })));
    expect((await http.request(get)).body).toBeUndefined();
  });

  it('a 3xx says Cerner does not redirect FHIR calls', async () => {
    const { http } = testHttp(
      fakeFetch(() => new Response(null, { status: 307, headers: { Location: `${BASE}/x` } })),
    );
    expect((await fail(http.request(get))).message).toMatch(/does not redirect FHIR calls/);
  });

  it('counts issues past the third', () => {
    const four = {
      resourceType: 'OperationOutcome',
      issue: [1, 2, 3, 4].map((n) => ({ severity: 'error', code: `c${n}` })),
    };
    expect(summarizeOutcome(four as never)).toBe(' (c1; c2; c3; +1 more)');
    expect(summarizeOutcome({ ...four, issue: four.issue.slice(0, 3) } as never)).toBe(
      ' (c1; c2; c3)',
    );
  });
});

describe('created ids', () => {
  it('come from Content-Location, else a body of the same type, when Location is missing', async () => {
    const fetch = fakeFetch(
      () =>
        new Response(null, { status: 201, headers: { 'Content-Location': `${BASE}/Patient/81` } }),
      () => fhirJson({ resourceType: 'Patient', id: '82' }, 201),
      () => fhirJson({ resourceType: 'Encounter', id: '83' }, 201),
    );
    const { http } = testHttp(fetch);
    const body = { resourceType: 'Patient' } as const;
    expect(await createResource(http, body)).toEqual({ id: '81' });
    expect(await createResource(http, body)).toEqual({ id: '82' });
    await expect(createResource(http, body)).rejects.toMatchObject({
      code: 'bad_response',
      mayHaveSucceeded: true,
    });
  });
});

describe('paging edges', () => {
  it('an empty next link ends the search', async () => {
    const page = searchset([encounter('101', '4400001', '2020-01-01T08:00:00.000Z')]) as {
      link: { relation: string; url: string }[];
    };
    page.link.push({ relation: 'next', url: '' });
    const fetch = fakeFetch(() => fhirJson(page));
    const all = await fetchAllPages<Encounter>(testHttp(fetch).http, 'Encounter?patient=1', {
      resourceType: 'Encounter',
    });
    expect(all.map((e) => e.id)).toEqual(['101']);
    expect(fetch.calls).toHaveLength(1);
  });

  it('a Bundle whose link is not an array is bad_response', async () => {
    const fetch = fakeFetch(() =>
      fhirJson({ resourceType: 'Bundle', type: 'searchset', link: {} }),
    );
    await expect(
      fetchAllPages(testHttp(fetch).http, 'Encounter?patient=1', { resourceType: 'Encounter' }),
    ).rejects.toMatchObject({ code: 'bad_response', message: /Bundle\.link is not an array/ });
  });
});

describe('abort around the token request', () => {
  it('a signal that fires while the token is being fetched stops before the request', async () => {
    const controller = new AbortController();
    const auth = fakeAuth();
    const getToken = auth.getToken;
    auth.getToken = async (scopes) => {
      controller.abort(new Error('stop'));
      return getToken(scopes);
    };
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { http } = testHttp(fetch, { auth });
    // A POST: nothing was sent, so the create certainly did not happen.
    const err = await fail(http.request({ ...post, signal: controller.signal }));
    expect(err).toMatchObject({ code: 'aborted', mayHaveSucceeded: false });
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('wait', () => {
  it('removes its abort listener once the sleep ends', async () => {
    const signal = new AbortController().signal;
    const remove = vi.spyOn(signal, 'removeEventListener');
    expect(await wait(async () => undefined, 10, signal)).toBe(true);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('passes on a failing sleep, with or without a signal', async () => {
    const broken = (): Promise<void> => Promise.reject(new Error('sleep broke'));
    await expect(wait(broken, 10, new AbortController().signal)).rejects.toThrow('sleep broke');
    await expect(wait(broken, 10, undefined)).rejects.toThrow('sleep broke');
  });
});

describe('statuses', () => {
  it('a 401 twice is unauthorized with both tokens tried', async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.invalidToken, 401));
    const { http, auth } = testHttp(fetch);
    await expect(http.request(get)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(auth.issued).toBe(2);
  });
});
