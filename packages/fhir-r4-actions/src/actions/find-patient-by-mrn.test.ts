import { describe, expect, it } from 'vitest';
import { BASE, patient, searchset } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testClient } from '../__fixtures__/test-client.js';

describe('findPatientByMrn', () => {
  it('searches identifier={system}|{mrn}, percent-encoded, with the default sandbox system', async () => {
    const fetch = fakeFetch(() =>
      fhirJson(searchset([patient('4400001', '700123')], { total: 1 })),
    );
    expect(await testClient(fetch).client.findPatientByMrn({ mrn: '700123' })).toEqual({
      id: '4400001',
    });
    expect(fetch.calls[0]!.url).toBe(
      `${BASE}/Patient?identifier=urn%3Aoid%3A2.16.840.1.113883.6.1000%7C700123`,
    );
  });
  it('uses the client mrnSystem, and a per-call system over it', async () => {
    const fetch = fakeFetch(() => fhirJson(searchset([], { total: 0 })));
    const { client } = testClient(fetch, { mrnSystem: 'urn:oid:1.2.840.114350.1' });
    expect(await client.findPatientByMrn({ mrn: '00042' })).toBeNull();
    await client.findPatientByMrn({ mrn: 'A 42&b', system: 'https://example.org/mrn' });
    expect(fetch.calls[0]!.url).toBe(
      `${BASE}/Patient?identifier=urn%3Aoid%3A1.2.840.114350.1%7C00042`,
    );
    expect(new URL(fetch.calls[1]!.url).searchParams.get('identifier')).toBe(
      'https://example.org/mrn|A 42&b',
    );
  });
  it('returns null for a Bundle without entry (Cerner’s no-match shape)', async () => {
    const fetch = fakeFetch(() =>
      fhirJson({
        resourceType: 'Bundle',
        type: 'searchset',
        total: 0,
        link: [{ relation: 'self', url: `${BASE}/Patient?identifier=x` }],
      }),
    );
    expect(await testClient(fetch).client.findPatientByMrn({ mrn: '1' })).toBeNull();
  });
  it('fails with multiple_matches when distinct patients match, without naming them', async () => {
    const fetch = fakeFetch(() =>
      fhirJson(searchset([patient('4400001'), patient('4400002')], { total: 2 })),
    );
    const err = (await testClient(fetch)
      .client.findPatientByMrn({ mrn: '700123' })
      .catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'multiple_matches' });
    expect(err.message).not.toMatch(/700123|4400001/);
  });
  it('ignores include entries and repeats of the same patient', async () => {
    const page = searchset([patient('4400001'), patient('4400001')]) as { entry: unknown[] };
    page.entry.push({ resource: patient('4400002'), search: { mode: 'include' } });
    expect(
      await testClient(fakeFetch(() => fhirJson(page))).client.findPatientByMrn({ mrn: '1' }),
    ).toEqual({ id: '4400001' });
  });
  it('refuses MRNs with search separators before any request', async () => {
    const fetch = fakeFetch(() => fhirJson(searchset([])));
    const { client } = testClient(fetch);
    for (const mrn of ['', ' ', '1|2', '1,2']) {
      await expect(client.findPatientByMrn({ mrn })).rejects.toMatchObject({
        code: 'invalid_input',
        field: 'mrn',
      });
    }
    await expect(client.findPatientByMrn({ mrn: '1|2' })).rejects.toThrow(
      'findPatientByMrn: mrn: must not contain a "|", "," or "\\" (FHIR search separators)',
    );
    await expect(
      client.findPatientByMrn({ mrn: '1', system: 'urn:oid:1 2' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'system' });
    expect(fetch.calls).toHaveLength(0);
  });
  it('a non-Bundle answer is bad_response', async () => {
    await expect(
      testClient(fakeFetch(() => fhirJson(patient('1')))).client.findPatientByMrn({ mrn: '1' }),
    ).rejects.toMatchObject({ code: 'bad_response' });
  });
});
