import { FhirActionError } from '@cerner-kit/fhir-r4-actions';
import { createBackendAuth } from '@cerner-kit/smart-auth';
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
  it('a token endpoint 503 is retried before the read (a cold cache, nothing sent to FHIR yet)', async (ctx) => {
    mockOnly(t, ctx);
    const mock = t().mock!;
    const c = mock.clients[0]!;
    const auth = createBackendAuth({
      clientId: c.clientId,
      credentials: { clientSecret: c.clientSecret! },
      tokenUrl: mock.tokenUrl,
    });
    mock.mock.state.faults.set([{ method: 'POST', path: '/tenants/**', status: 503, times: 1 }]);
    const before = mock.mock.state.requestLog.list().length;
    expect((await t().makeClient({ auth }).getPatient({ patientId: t().ids.patientId! })).id).toBe(
      t().ids.patientId,
    );
    const log = mock.mock.state.requestLog.list().slice(before);
    expect(
      log.map((e) => `${e.method} ${e.path.includes('/token') ? 'token' : 'fhir'} ${e.status}`),
    ).toEqual(['POST token 503', 'POST token 200', 'GET fhir 200']);
  });
});
