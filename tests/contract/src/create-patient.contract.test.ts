import { expect, it } from 'vitest';
import { contractSuite, fhirRequests } from './harness/contract-suite.js';

contractSuite('createPatient', (t) => {
  const input = () => ({
    assigningOrganizationId: t().ids.organizationId ?? '675844',
    family: 'Contract',
    given: ['Test', 'Patient'],
    birthDate: '1990-09-15',
    gender: 'female' as const,
    email: 'contract.test@example.org',
    phone: '(816) 555-0199',
    address: {
      line: ['1 Test Way'],
      city: 'Kansas City',
      state: 'MO',
      postalCode: '64117',
      country: 'US',
    },
  });
  it('returns the new id from Location, and every given field is stored', async () => {
    const { id } = await t().client.createPatient(input());
    expect(id).toMatch(/^[A-Za-z0-9.-]+$/);
    const p = await t().client.getPatient({ patientId: id });
    expect(p).toMatchObject({
      birthDate: '1990-09-15',
      gender: 'female',
      name: [{ family: 'Contract', given: ['Test', 'Patient'] }],
    });
    expect(p.telecom?.map((x) => x.value)).toEqual(
      expect.arrayContaining(['contract.test@example.org', '(816) 555-0199']),
    );
    expect(p.address?.[0]).toMatchObject({ city: 'Kansas City', postalCode: '64117' });
  });
  it('the server-assigned MRN finds the created patient', async () => {
    if (t().mode !== 'mock') return;
    const { id } = await t().client.createPatient(input());
    const p = await t().client.getPatient({ patientId: id });
    const mrn = p.identifier?.find((i) => i.system === 'urn:oid:2.16.840.1.113883.6.1000')?.value;
    expect(await t().client.findPatientByMrn({ mrn: mrn! })).toEqual({ id });
  });
  it('missing scope is named before any request', async () => {
    const c = t().makeClient({ scopes: ['system/Patient.read'] });
    const err = await c.createPatient(input()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'missing_scope', missingScopes: ['system/Patient.write'] });
    expect((err as Error).message).toContain('Cerner Code Console');
  });
  it('invalid input fails before any request', async () => {
    const before = fhirRequests(t(), '/Patient').length;
    await expect(
      t().client.createPatient({ ...input(), birthDate: '1990-13-45' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'birthDate' });
    await expect(
      t().client.createPatient({ ...input(), gender: 'M' as never }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'gender' });
    expect(fhirRequests(t(), '/Patient').length).toBe(before);
  });
  it('a POST after 503 is not retried: one request, and the error says so', async () => {
    if (t().mode !== 'mock') return;
    t().mock!.mock.state.faults.set([
      { method: 'POST', path: 'Patient', status: 503, retryAfter: 1, times: 1 },
    ]);
    const before = fhirRequests(t(), '/Patient').filter((e) => e.method === 'POST').length;
    const err = await t()
      .client.createPatient(input())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'server_error',
      status: 503,
      retryable: false,
      mayHaveSucceeded: false,
    });
    expect(fhirRequests(t(), '/Patient').filter((e) => e.method === 'POST').length).toBe(
      before + 1,
    );
  });
  it('a POST whose connection drops is not retried and may have succeeded', async () => {
    if (t().mode !== 'mock') return;
    t().mock!.mock.state.faults.set([{ method: 'POST', path: 'Patient', drop: true, times: 1 }]);
    const err = await t()
      .client.createPatient(input())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'network', mayHaveSucceeded: true });
  });
});
