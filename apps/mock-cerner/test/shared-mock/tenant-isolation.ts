import { createBackendAuth } from '@cerner-kit/smart-auth';
import { expect } from 'vitest';
import type { TestTenant } from '../../src/testing/index.js';

const ORG = 'Organization/675844';

/**
 * What each shared-mock test file does in its own tenant: create a patient through FHIR (the mock
 * assigns the MRN: in a fresh tenant the same one every time), load one more with a fixed MRN, and
 * search both MRNs. Only this tenant's patients may come back.
 *
 * @param tenant - the file's tenant
 * @param family - a family name unique to the file
 * @returns the created patient's id and MRN
 */
export async function createAndSearchPatients(
  tenant: TestTenant,
  family: string,
): Promise<{ id: string; mrn: string }> {
  const auth = createBackendAuth({
    clientId: tenant.client.clientId,
    credentials: { clientSecret: tenant.client.clientSecret! },
    tokenUrl: tenant.tokenUrl,
    scopes: ['system/Patient.read', 'system/Patient.write'],
  });
  const headers = async (extra: Record<string, string> = {}) => ({
    Authorization: `Bearer ${(await auth.getToken()).accessToken}`,
    Accept: 'application/fhir+json',
    ...extra,
  });
  const created = await fetch(`${tenant.fhirBaseUrl}/Patient`, {
    method: 'POST',
    headers: await headers({
      'Content-Type': 'application/fhir+json',
      'X-Correlation-Id': `create-${family}`,
    }),
    body: JSON.stringify({
      resourceType: 'Patient',
      identifier: [{ assigner: { reference: ORG } }],
      name: [{ use: 'official', family, given: ['Test'] }],
    }),
  });
  expect(created.status).toBe(201);
  const id = created.headers.get('location')!.split('/').pop()!;
  const read = (await (
    await fetch(`${tenant.fhirBaseUrl}/Patient/${id}`, { headers: await headers() })
  ).json()) as { identifier: { system?: string; value?: string }[] };
  const mrn = read.identifier.find((i) => i.system === 'urn:oid:2.16.840.1.113883.6.1000')!.value!;

  await tenant.load({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'Patient',
          id: '5000001',
          identifier: [{ system: 'urn:oid:2.16.840.1.113883.6.1000', value: 'SHARED-MRN-1' }],
          name: [{ family }],
        },
      },
    ],
  });
  for (const value of [mrn, 'SHARED-MRN-1']) {
    const res = await fetch(
      `${tenant.fhirBaseUrl}/Patient?identifier=urn:oid:2.16.840.1.113883.6.1000|${value}`,
      { headers: await headers() },
    );
    const bundle = (await res.json()) as { entry?: { resource: { name: { family: string }[] } }[] };
    expect(bundle.entry?.map((e) => e.resource.name[0]!.family)).toEqual([family]);
  }
  // The journal holds this file's create, once, under its correlation id.
  const creates = await tenant.journal({ correlationId: `create-${family}`, method: 'POST' });
  expect(creates.map((e) => [e.path, e.status])).toEqual([[`/r4/${tenant.tenantId}/Patient`, 201]]);
  return { id, mrn };
}
