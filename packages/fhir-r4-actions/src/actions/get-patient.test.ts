import { describe, expect, it } from 'vitest';
import { BASE, outcomes, patient } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testClient } from '../__fixtures__/test-client.js';

describe('getPatient', () => {
  it('GETs Patient/{id} and returns the whole resource', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('4400001')));
    const p = await testClient(fetch).client.getPatient({ patientId: '4400001' });
    expect(p).toEqual(patient('4400001'));
    expect(fetch.calls[0]).toMatchObject({ method: 'GET', url: `${BASE}/Patient/4400001` });
  });
  it('404 is not_found with the OperationOutcome', async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.notFound, 404, { 'X-Request-Id': 'req-404' }));
    await expect(
      testClient(fetch).client.getPatient({ patientId: '4400001' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
      requestId: 'req-404',
      issues: [{ code: 'not-found', text: 'Not Found' }],
    });
  });
  it('a resource of another type, another id or an empty body is bad_response', async () => {
    for (const body of [{ resourceType: 'Encounter', id: '4400001' }, patient('999'), undefined]) {
      const fetch = fakeFetch(() =>
        body === undefined ? new Response(null, { status: 200 }) : fhirJson(body),
      );
      await expect(
        testClient(fetch).client.getPatient({ patientId: '4400001' }),
      ).rejects.toMatchObject({ code: 'bad_response' });
    }
  });
  it('refuses an id that is not a FHIR id before any request', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { client } = testClient(fetch);
    for (const patientId of ['', '1/../2', 'a b', 'x'.repeat(65), '12?x=1']) {
      await expect(client.getPatient({ patientId })).rejects.toMatchObject({
        code: 'invalid_input',
        field: 'patientId',
      });
    }
    await expect(client.getPatient({} as never)).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'patientId',
      message: 'getPatient: patientId: required (string)',
    });
    expect(fetch.calls).toHaveLength(0);
  });
  it('needs system/Patient.read (a v2 .r grant also does)', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    await expect(
      testClient(fetch, { granted: ['system/Encounter.read'] }).client.getPatient({
        patientId: '1',
      }),
    ).rejects.toMatchObject({
      code: 'missing_scope',
      missingScopes: ['system/Patient.read'],
    });
    expect(fetch.calls).toHaveLength(0);
    await expect(
      testClient(fetch, { granted: ['system/Patient.r'] }).client.getPatient({ patientId: '1' }),
    ).resolves.toMatchObject({ id: '1' });
  });
});
