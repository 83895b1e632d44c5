import { expect, it } from 'vitest';
import { contractSuite, fhirRequests, mockOnly, need, writes } from './harness/contract-suite.js';

contractSuite('createPatient', (t) => {
  // Never the sandbox's organisation as a fallback: a test that sends the input first calls
  // need(t, ctx, 'organizationId') (CERNER_LIVE_ORGANIZATION_ID on a live tenant); the
  // placeholder below is only in inputs refused before any request.
  const input = () => ({
    assigningOrganizationId: t().ids.organizationId ?? 'no-organization-configured',
    family: 'Contract',
    given: ['Test', 'Patient'],
    prefix: 'Ms.',
    suffix: 'II',
    birthDate: '1990-09-15',
    gender: 'female' as const,
    email: 'contract.test@example.org',
    phone: '(816) 555-0199',
    phoneUse: 'mobile' as const,
    ssn: '219-09-9999',
    address: {
      line: ['1 Test Way'],
      city: 'Kansas City',
      state: 'MO',
      postalCode: '64117',
      country: 'US',
    },
  });
  it('returns the new id from Location, and every given field is stored', async (ctx) => {
    writes(t, ctx);
    need(t, ctx, 'organizationId');
    const { id } = await t().client.createPatient(input());
    expect(id).toMatch(/^[A-Za-z0-9.-]+$/);
    const p = await t().client.getPatient({ patientId: id });
    expect(p).toMatchObject({
      birthDate: '1990-09-15',
      gender: 'female',
      name: [{ use: 'official', family: 'Contract', given: ['Test', 'Patient'], prefix: ['Ms.'] }],
    });
    expect(p.name?.[0]?.suffix).toEqual(['II']);
    expect(p.telecom).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          system: 'email',
          use: 'home',
          value: 'contract.test@example.org',
        }),
        expect.objectContaining({ system: 'phone', use: 'mobile', value: '(816) 555-0199' }),
      ]),
    );
    expect(p.address?.[0]).toMatchObject({
      line: ['1 Test Way'],
      city: 'Kansas City',
      state: 'MO',
      postalCode: '64117',
      country: 'US',
    });
    // Cerner takes the SSN but does not return it on read; a search by SSN still finds the
    // patient (cerner-fhir.md D.1). Both hold live and on the mock.
    expect(p.identifier?.some((i) => i.system === 'http://hl7.org/fhir/sid/us-ssn')).toBe(false);
    const token = await t().auth.getToken(['system/Patient.read']);
    const found = (await (
      await fetch(
        `${t().fhirBaseUrl}/Patient?identifier=${encodeURIComponent('http://hl7.org/fhir/sid/us-ssn|219-09-9999')}`,
        {
          headers: {
            Authorization: `Bearer ${token.accessToken}`,
            Accept: 'application/fhir+json',
          },
        },
      )
    ).json()) as { entry?: { resource: { id: string } }[] };
    expect(found.entry?.map((e) => e.resource.id)).toContain(id);
  });
  it('the server-assigned MRN finds the created patient', async (ctx) => {
    mockOnly(t, ctx);
    const { id } = await t().client.createPatient(input());
    const p = await t().client.getPatient({ patientId: id });
    const mrn = p.identifier?.find((i) => i.system === 'urn:oid:2.16.840.1.113883.6.1000')?.value;
    expect(await t().client.findPatientByMrn({ mrn: mrn! })).toEqual({ id });
  });
  it('missing scope is named before any request', async () => {
    const before = fhirRequests(t(), '/Patient').length;
    const c = t().makeClient({ scopes: ['system/Patient.read'] });
    const err = await c.createPatient(input()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'missing_scope', missingScopes: ['system/Patient.write'] });
    expect((err as Error).message).toContain('system/Patient.write');
    expect((err as Error).message).toContain('Cerner Code Console');
    expect(fhirRequests(t(), '/Patient').length).toBe(before);
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
  it('a POST after 503 is not retried: one request, and the error says so', async (ctx) => {
    mockOnly(t, ctx);
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
  it('a POST whose connection drops is not retried and may have succeeded', async (ctx) => {
    mockOnly(t, ctx);
    t().mock!.mock.state.faults.set([{ method: 'POST', path: 'Patient', drop: true, times: 1 }]);
    const err = await t()
      .client.createPatient(input())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'network', mayHaveSucceeded: true });
  });
});
