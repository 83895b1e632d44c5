import type { Encounter } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { BASE, encounter, patient, searchset } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testHttp } from '../__fixtures__/test-client.js';
import { expectBundle, fetchAllPages } from './bundle-pages.js';

const enc = (id: string, day: number) =>
  encounter(id, '4400001', `2020-01-${String(day).padStart(2, '0')}T08:00:00.000Z`);
const next = (ctx: string) =>
  `${BASE}/Encounter?patient=4400001&-pageContext=${ctx}&-pageDirection=NEXT`;

describe('fetchAllPages', () => {
  it('follows every next link exactly as given across 3 pages and de-duplicates by id', async () => {
    const p2 = next('c2b1a0d9-2f61-4a8f-a7a1-0d9e8c7b6a51');
    const p3 = next('eJzLSM3JyVcozy%2FKSQEAGgQEXQ%3D%3D');
    const fetch = fakeFetch(
      () => fhirJson(searchset([enc('101', 1), enc('102', 2)], { next: p2 })),
      () => fhirJson(searchset([enc('102', 2), enc('103', 3)], { next: p3 })),
      () => fhirJson(searchset([enc('104', 4)])),
    );
    const { http } = testHttp(fetch);
    const all = await fetchAllPages<Encounter>(http, 'Encounter?patient=4400001', {
      resourceType: 'Encounter',
    });
    expect(all.map((e) => e.id)).toEqual(['101', '102', '103', '104']);
    expect(fetch.calls.map((c) => c.url)).toEqual([`${BASE}/Encounter?patient=4400001`, p2, p3]);
  });

  it('skips include/outcome entries and other resource types; an empty Bundle gives []', async () => {
    const page = searchset([enc('101', 1)]) as { entry: unknown[] };
    page.entry.push(
      { resource: patient('4400001'), search: { mode: 'include' } },
      { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
    );
    const fetch = fakeFetch(
      () => fhirJson(page),
      () => fhirJson(searchset([], { total: 0 })),
    );
    const { http } = testHttp(fetch);
    expect(
      (await fetchAllPages(http, 'Encounter?patient=4400001', { resourceType: 'Encounter' })).map(
        (e) => e.id,
      ),
    ).toEqual(['101']);
    expect(await fetchAllPages(http, 'Encounter?patient=9', { resourceType: 'Encounter' })).toEqual(
      [],
    );
  });

  it('stops a paging loop (a next link already followed) with an error', async () => {
    const p2 = next('a');
    const fetch = fakeFetch(
      () => fhirJson(searchset([enc('101', 1)], { next: p2 })),
      () => fhirJson(searchset([enc('102', 2)], { next: p2 })),
    );
    const { http } = testHttp(fetch);
    await expect(
      fetchAllPages(http, 'Encounter?patient=4400001', { resourceType: 'Encounter' }),
    ).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/paging loop/),
    });
    expect(fetch.calls).toHaveLength(2);
  });

  it('refuses a next link on another origin: the token is never sent there', async () => {
    const fetch = fakeFetch(() =>
      fhirJson(
        searchset([enc('101', 1)], {
          next: 'https://attacker.example/r4/x/Encounter?patient=4400001&-pageContext=z',
        }),
      ),
    );
    const { http } = testHttp(fetch);
    await expect(
      fetchAllPages(http, 'Encounter?patient=4400001', { resourceType: 'Encounter' }),
    ).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/another origin/),
    });
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls.some((c) => c.url.includes('attacker'))).toBe(false);
  });

  it('fails after maxPages instead of truncating silently', async () => {
    let n = 0;
    const fetch = fakeFetch(() =>
      fhirJson(searchset([enc(String(++n), 1)], { next: next(`p${n}`) })),
    );
    const { http } = testHttp(fetch);
    await expect(
      fetchAllPages(http, 'Encounter?patient=4400001', { resourceType: 'Encounter', maxPages: 3 }),
    ).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/more than 3 pages/),
    });
    expect(fetch.calls).toHaveLength(3);
  });

  it('a page that is not a Bundle is bad_response', async () => {
    const { http } = testHttp(fakeFetch(() => fhirJson(enc('1', 1))));
    await expect(
      fetchAllPages(http, 'Encounter?patient=1', { resourceType: 'Encounter' }),
    ).rejects.toMatchObject({ code: 'bad_response' });
    expect(() => expectBundle({ resourceType: 'Bundle', entry: {} }, 'x')).toThrow(
      /entry is not an array/,
    );
  });
});
