import { describe, expect, it } from 'vitest';
import { BASE, encounter, outcomes } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testClient } from '../__fixtures__/test-client.js';

describe('getEncounter', () => {
  it('GETs Encounter/{id} and returns the whole resource', async () => {
    const e = encounter('9100001', '4400001', '2021-03-04T08:00:00.000Z');
    const fetch = fakeFetch(() => fhirJson(e));
    expect(await testClient(fetch).client.getEncounter({ encounterId: '9100001' })).toEqual(e);
    expect(fetch.calls[0]!.url).toBe(`${BASE}/Encounter/9100001`);
  });
  it("Cerner's 500 for stored data missing a required field is server_error, not retried", async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.required500, 500));
    await expect(testClient(fetch).client.getEncounter({ encounterId: '1' })).rejects.toMatchObject(
      { code: 'server_error', retryable: false, issues: [{ severity: 'fatal', code: 'required' }] },
    );
    expect(fetch.calls).toHaveLength(1);
  });
  it('403 insufficient_scope is forbidden, with advice', async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.insufficientScope, 403));
    await expect(testClient(fetch).client.getEncounter({ encounterId: '1' })).rejects.toMatchObject(
      { code: 'forbidden', message: expect.stringMatching(/scope is not granted/) },
    );
  });
});
