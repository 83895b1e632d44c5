import { expect, it } from 'vitest';
import { contractSuite, fhirRequests, mockOnly, need } from './harness/contract-suite.js';

contractSuite('findPatientByMrn', (t) => {
  it('finds the patient id by MRN with the default system', async (ctx) => {
    need(t, ctx, 'mrn');
    const r = await t().client.findPatientByMrn({ mrn: t().ids.mrn! });
    expect(r).not.toBeNull();
    if (t().ids.mrnPatientId) expect(r).toEqual({ id: t().ids.mrnPatientId });
  });
  it('returns null when nothing matches, and for another system', async (ctx) => {
    need(t, ctx, 'mrn');
    expect(await t().client.findPatientByMrn({ mrn: '0000000000001' })).toBeNull();
    expect(
      await t().client.findPatientByMrn({ mrn: t().ids.mrn!, system: 'urn:oid:1.1.1.1.1.1' }),
    ).toBeNull();
  });
  it('fails when several patients share the MRN', async (ctx) => {
    mockOnly(t, ctx);
    const dup = (id: string) => ({
      resource: {
        resourceType: 'Patient',
        id,
        identifier: [{ system: 'urn:oid:2.16.840.1.113883.6.1000', value: 'DUP-1' }],
        name: [{ family: 'Dup' }],
      },
    });
    const loaded = await fetch(`${t().mock!.adminUrl}/load`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [dup('71'), dup('72')],
      }),
    });
    expect(loaded.status).toBe(200);
    await expect(t().client.findPatientByMrn({ mrn: 'DUP-1' })).rejects.toMatchObject({
      code: 'multiple_matches',
    });
  });
  it('missing scope and invalid input fail before any request', async () => {
    const before = fhirRequests(t(), '/Patient?').length;
    await expect(
      t()
        .makeClient({ scopes: ['system/Encounter.read'] })
        .findPatientByMrn({ mrn: '1' }),
    ).rejects.toMatchObject({ code: 'missing_scope' });
    await expect(t().client.findPatientByMrn({ mrn: '1|2' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'mrn',
    });
    expect(fhirRequests(t(), '/Patient?').length).toBe(before);
  });
  it('a search after 503 with Retry-After is retried', async (ctx) => {
    mockOnly(t, ctx);
    t().mock!.mock.state.faults.set([
      { method: 'GET', path: 'Patient', status: 503, retryAfter: 1, times: 1 },
    ]);
    expect(await t().client.findPatientByMrn({ mrn: t().ids.mrn! })).toEqual({
      id: t().ids.mrnPatientId,
    });
  });
});
