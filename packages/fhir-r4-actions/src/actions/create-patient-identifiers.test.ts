import { describe, expect, it } from 'vitest';
import { BASE } from '../__fixtures__/cerner-payloads.js';
import { created, fakeFetch } from '../__fixtures__/fake-fetch.js';
import { testClient } from '../__fixtures__/test-client.js';
import { buildPatient, createPatientInput } from './create-patient.js';

const base = { assigningOrganizationId: '675844', family: 'Wolf', given: 'Person' };
const jobId = {
  system: 'urn:oid:1.2.840.114350.99',
  value: 'delivery-job-42',
  type: { code: 'RI', display: 'Resource identifier' },
};

describe('createPatient: extra identifiers', () => {
  it('are sent after the assigner and the SSN, each with type, system and value', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/4400778`));
    const { client } = testClient(fetch);
    await client.createPatient({
      ...base,
      ssn: '123456789',
      identifiers: [
        jobId,
        {
          system: 'https://example.org/ids',
          value: 'x-1',
          type: { system: 'https://example.org/types', code: 'EXT', text: 'External id' },
        },
      ],
    });
    const identifier = JSON.parse(fetch.calls[0]!.body!).identifier;
    expect(identifier).toEqual([
      { assigner: { reference: 'Organization/675844' } },
      expect.objectContaining({ system: 'http://hl7.org/fhir/sid/us-ssn', value: '123-45-6789' }),
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'RI',
              display: 'Resource identifier',
            },
          ],
        },
        system: 'urn:oid:1.2.840.114350.99',
        value: 'delivery-job-42',
      },
      {
        type: {
          coding: [{ system: 'https://example.org/types', code: 'EXT' }],
          text: 'External id',
        },
        system: 'https://example.org/ids',
        value: 'x-1',
      },
    ]);
    // Cerner refuses assigner or use on any identifier after the first.
    for (const id of identifier.slice(1)) {
      expect(id).not.toHaveProperty('assigner');
      expect(id).not.toHaveProperty('use');
    }
  });

  it('Cerner requires type, system and value: each is named when missing, before any request', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/1`));
    const { client, auth } = testClient(fetch);
    const cases: [unknown, string][] = [
      [[{ system: jobId.system, value: 'v' }], 'identifiers[0].type'],
      [[{ value: 'v', type: { code: 'RI' } }], 'identifiers[0].system'],
      [[{ system: jobId.system, type: { code: 'RI' } }], 'identifiers[0].value'],
      [[jobId, { ...jobId, value: ' ' }], 'identifiers[1].value'],
      [[{ ...jobId, system: 'has space' }], 'identifiers[0].system'],
      [[{ ...jobId, type: { code: '' } }], 'identifiers[0].type.code'],
      // Unknown keys are not echoed: the identifier holding them is named.
      [[{ ...jobId, use: 'usual' }], 'identifiers[0]'],
      [[{ ...jobId, assigner: { reference: 'Organization/1' } }], 'identifiers[0]'],
      [[jobId, { ...jobId }], 'identifiers[1].value'],
      [[], 'identifiers'],
    ];
    for (const [identifiers, field] of cases) {
      await expect(
        client.createPatient({ ...base, identifiers } as never),
        field,
      ).rejects.toMatchObject({ code: 'invalid_input', field });
    }
    expect(fetch.calls).toHaveLength(0);
    expect(auth.issued).toBe(0);
  });

  it('trims system and value', () => {
    const p = buildPatient(
      createPatientInput.parse({
        ...base,
        identifiers: [{ ...jobId, system: ` ${jobId.system} `, value: ' delivery-job-42 ' }],
      }),
    );
    expect(p.identifier![1]).toMatchObject({ system: jobId.system, value: 'delivery-job-42' });
  });
});
