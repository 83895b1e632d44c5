import { describe, expect, it } from 'vitest';
import { BASE, encounter, searchset } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testClient } from '../__fixtures__/test-client.js';

const enc = (id: string, day: number) =>
  encounter(id, '4400001', `2019-07-${String(day).padStart(2, '0')}T08:00:00.000Z`);

describe('getPatientEncounters', () => {
  it('reads every page in order (oldest first) and de-duplicates', async () => {
    const p2 = `${BASE}/Encounter?patient=4400001&-pageContext=9e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b&-pageDirection=NEXT`;
    const p3 = `${BASE}/Encounter?patient=4400001&-pageContext=H4sIAAAAAAAAA%2B3B&-pageDirection=NEXT`;
    const fetch = fakeFetch(
      () => fhirJson(searchset([enc('201', 1), enc('202', 2), enc('203', 3)], { next: p2 })),
      () => fhirJson(searchset([enc('203', 3), enc('204', 4)], { next: p3 })),
      () => fhirJson(searchset([enc('205', 5)])),
    );
    const { client } = testClient(fetch);
    const all = await client.getPatientEncounters({ patientId: '4400001' });
    expect(all.map((e) => e.id)).toEqual(['201', '202', '203', '204', '205']);
    expect(fetch.calls.map((c) => c.url)).toEqual([`${BASE}/Encounter?patient=4400001`, p2, p3]);
    expect(fetch.calls.every((c) => c.headers.Authorization === 'Bearer tok-SECRET-1')).toBe(true);
  });
  it('an unknown patient has no encounters', async () => {
    expect(
      await testClient(
        fakeFetch(() => fhirJson(searchset([], { total: 0 }))),
      ).client.getPatientEncounters({ patientId: '1' }),
    ).toEqual([]);
  });
  it('maxPages is a safety limit and is validated', async () => {
    const fetch = fakeFetch(
      () =>
        fhirJson(
          searchset([enc('201', 1)], {
            next: `${BASE}/Encounter?patient=1&-pageContext=a&-pageDirection=NEXT`,
          }),
        ),
      () =>
        fhirJson(
          searchset([enc('202', 2)], {
            next: `${BASE}/Encounter?patient=1&-pageContext=b&-pageDirection=NEXT`,
          }),
        ),
    );
    const { client } = testClient(fetch);
    await expect(
      client.getPatientEncounters({ patientId: '1', maxPages: 2 }),
    ).rejects.toMatchObject({ code: 'bad_response' });
    expect(fetch.calls).toHaveLength(2);
    for (const maxPages of [0, 1.5, -1]) {
      await expect(client.getPatientEncounters({ patientId: '1', maxPages })).rejects.toMatchObject(
        { code: 'invalid_input', field: 'maxPages' },
      );
    }
    expect(fetch.calls).toHaveLength(2);
  });
  it('needs system/Encounter.read', async () => {
    const fetch = fakeFetch(() => fhirJson(searchset([])));
    await expect(
      testClient(fetch, { granted: ['system/Patient.read'] }).client.getPatientEncounters({
        patientId: '1',
      }),
    ).rejects.toMatchObject({
      code: 'missing_scope',
      missingScopes: ['system/Encounter.read'],
    });
    expect(fetch.calls).toHaveLength(0);
  });
});
