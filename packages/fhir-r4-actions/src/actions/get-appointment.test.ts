import { describe, expect, it } from 'vitest';
import { appointment, BASE, outcomes } from '../__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testClient } from '../__fixtures__/test-client.js';

describe('getAppointment', () => {
  it('GETs Appointment/{id} and returns the whole resource', async () => {
    const fetch = fakeFetch(() => fhirJson(appointment('7700123')));
    expect(await testClient(fetch).client.getAppointment({ appointmentId: '7700123' })).toEqual(
      appointment('7700123'),
    );
    expect(fetch.calls[0]!.url).toBe(`${BASE}/Appointment/7700123`);
  });
  it('maps 404 and validates the id first', async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.notFound, 404));
    const { client } = testClient(fetch);
    await expect(client.getAppointment({ appointmentId: '1' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(client.getAppointment({ appointmentId: 'f1OE waU' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'appointmentId',
    });
    expect(fetch.calls).toHaveLength(1);
  });
  it('needs system/Appointment.read', async () => {
    const fetch = fakeFetch(() => fhirJson(appointment('1')));
    await expect(
      testClient(fetch, { granted: ['system/Patient.read'] }).client.getAppointment({
        appointmentId: '1',
      }),
    ).rejects.toMatchObject({
      code: 'missing_scope',
      missingScopes: ['system/Appointment.read'],
    });
    expect(fetch.calls).toHaveLength(0);
  });
});
