import { FhirActionError } from '@cerner-kit/fhir-r4-actions';
import { expect, it } from 'vitest';
import { contractSuite, fhirRequests, mockOnly, need } from './harness/contract-suite.js';

contractSuite('getPatient', (t) => {
  it('returns the full Patient', async (ctx) => {
    need(t, ctx, 'patientId');
    const p = await t().client.getPatient({ patientId: t().ids.patientId! });
    expect(p).toMatchObject({ resourceType: 'Patient', id: t().ids.patientId });
    expect(p.name?.length).toBeGreaterThan(0);
  });
  it('not found -> not_found with the OperationOutcome', async () => {
    const err = await t()
      .client.getPatient({ patientId: '999999999999' })
      .catch((e: unknown) => e);
    expect(FhirActionError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'not_found', status: 404, issues: [{ code: 'not-found' }] });
  });
  it('missing scope is named before any request', async (ctx) => {
    need(t, ctx, 'patientId');
    const before = fhirRequests(t(), '/Patient').length;
    const c = t().makeClient({ scopes: ['system/Encounter.read'] });
    await expect(c.getPatient({ patientId: t().ids.patientId! })).rejects.toMatchObject({
      code: 'missing_scope',
      missingScopes: ['system/Patient.read'],
      message: expect.stringContaining('Cerner Code Console'),
    });
    expect(fhirRequests(t(), '/Patient').length).toBe(before);
  });
  it('invalid input fails before any request', async () => {
    const before = fhirRequests(t(), '/Patient').length;
    await expect(t().client.getPatient({ patientId: '../metadata' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'patientId',
    });
    expect(fhirRequests(t(), '/Patient').length).toBe(before);
  });
  it('a GET after 503 with Retry-After is retried', async (ctx) => {
    mockOnly(t, ctx);
    t().mock!.mock.state.faults.set([
      { method: 'GET', path: 'Patient/*', status: 503, retryAfter: 1, times: 1 },
    ]);
    const before = fhirRequests(t(), `/Patient/${t().ids.patientId}`).length;
    expect((await t().client.getPatient({ patientId: t().ids.patientId! })).id).toBe(
      t().ids.patientId,
    );
    const after = fhirRequests(t(), `/Patient/${t().ids.patientId}`).slice(before);
    expect(after.map((e) => e.status)).toEqual([503, 200]);
  });
});
