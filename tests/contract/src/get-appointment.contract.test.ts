import { expect, it } from 'vitest';
import { contractSuite, fhirRequests, mockOnly, need } from './harness/contract-suite.js';

contractSuite('getAppointment', (t) => {
  it('returns the full Appointment', async (ctx) => {
    need(t, ctx, 'appointmentId');
    const a = await t().client.getAppointment({ appointmentId: t().ids.appointmentId! });
    expect(a).toMatchObject({ resourceType: 'Appointment', id: t().ids.appointmentId });
    expect(a.participant.length).toBeGreaterThan(0);
  });
  it('not found', async () => {
    await expect(t().client.getAppointment({ appointmentId: '1' })).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });
  it('missing scope and invalid input fail before any request', async () => {
    const before = fhirRequests(t(), '/Appointment').length;
    await expect(
      t()
        .makeClient({ scopes: ['system/Patient.read'] })
        .getAppointment({ appointmentId: '1' }),
    ).rejects.toMatchObject({ code: 'missing_scope', missingScopes: ['system/Appointment.read'] });
    await expect(t().client.getAppointment({ appointmentId: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'appointmentId',
    });
    expect(fhirRequests(t(), '/Appointment').length).toBe(before);
  });
  it('a GET after 503 is retried', async (ctx) => {
    mockOnly(t, ctx);
    t().mock!.mock.state.faults.set([
      { method: 'GET', path: 'Appointment/*', status: 503, retryAfter: 0, times: 2 },
    ]);
    expect((await t().client.getAppointment({ appointmentId: t().ids.appointmentId! })).id).toBe(
      t().ids.appointmentId,
    );
  });
});
