import { expect, it } from 'vitest';
import { contractSuite, fhirRequests, mockOnly, need } from './harness/contract-suite.js';

contractSuite('getPatientEncounters', (t) => {
  it('returns every encounter of the multi-page patient, following each next link', async (ctx) => {
    need(t, ctx, 'multiPagePatientId', 'multiPageEncounterCount');
    const before = fhirRequests(t(), '/Encounter?').length;
    const all = await t().client.getPatientEncounters({ patientId: t().ids.multiPagePatientId! });
    expect(all).toHaveLength(t().ids.multiPageEncounterCount!);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const starts = all.map((e) => e.period?.start ?? '');
    expect([...starts].sort()).toEqual(starts);
    if (t().mode === 'mock') {
      const pages = fhirRequests(t(), '/Encounter?').slice(before);
      // Cerner's short first page and a repeated id (§E.2): 4 pages for 25 encounters, and the
      // client's de-duplication is what makes `all` exact.
      expect(pages).toHaveLength(4);
      expect(pages[1]!.path).toContain('-pageContext=');
    }
  });
  it('a single-page patient', async (ctx) => {
    need(t, ctx, 'patientId');
    const all = await t().client.getPatientEncounters({ patientId: t().ids.patientId! });
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((e) => e.subject?.reference === `Patient/${t().ids.patientId}`)).toBe(true);
  });
  it('an unknown patient has no encounters', async () => {
    expect(await t().client.getPatientEncounters({ patientId: '999999999999' })).toEqual([]);
  });
  it('missing scope and invalid input fail before any request', async () => {
    const before = fhirRequests(t(), '/Encounter').length;
    await expect(
      t()
        .makeClient({ scopes: ['system/Patient.read'] })
        .getPatientEncounters({ patientId: '1' }),
    ).rejects.toMatchObject({ code: 'missing_scope' });
    await expect(
      t().client.getPatientEncounters({ patientId: '1', maxPages: 0 }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'maxPages' });
    expect(fhirRequests(t(), '/Encounter').length).toBe(before);
  });
  it('a page that fails with 503 once is retried and paging continues', async (ctx) => {
    mockOnly(t, ctx);
    t().mock!.mock.state.faults.set([
      { method: 'GET', path: 'Encounter', status: 503, retryAfter: 0, times: 1 },
    ]);
    expect(
      await t().client.getPatientEncounters({ patientId: t().ids.multiPagePatientId! }),
    ).toHaveLength(t().ids.multiPageEncounterCount!);
  });
});
