import { expect, it } from 'vitest';
import { contractSuite, fhirRequests, mockOnly, need } from './harness/contract-suite.js';

contractSuite('getEncounter', (t) => {
  it('returns the full Encounter', async (ctx) => {
    need(t, ctx, 'encounterId');
    const e = await t().client.getEncounter({ encounterId: t().ids.encounterId! });
    expect(e).toMatchObject({ resourceType: 'Encounter', id: t().ids.encounterId });
  });
  it('not found', async () => {
    await expect(t().client.getEncounter({ encounterId: '1' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
  it('missing scope and invalid input fail before any request', async () => {
    const before = fhirRequests(t(), '/Encounter').length;
    await expect(
      t()
        .makeClient({ scopes: ['system/Patient.read'] })
        .getEncounter({ encounterId: '1' }),
    ).rejects.toMatchObject({ code: 'missing_scope', missingScopes: ['system/Encounter.read'] });
    await expect(t().client.getEncounter({ encounterId: 'a b' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'encounterId',
    });
    expect(fhirRequests(t(), '/Encounter').length).toBe(before);
  });
  it('a GET after 503 is retried; a 500 is reported with the request id', async (ctx) => {
    mockOnly(t, ctx);
    t().mock!.mock.state.faults.set([
      { method: 'GET', path: 'Encounter/*', status: 503, retryAfter: 0, times: 1 },
    ]);
    expect((await t().client.getEncounter({ encounterId: t().ids.encounterId! })).id).toBe(
      t().ids.encounterId,
    );
    t().mock!.mock.state.faults.set([{ method: 'GET', path: 'Encounter/*', status: 500 }]);
    const err = await t()
      .makeClient({ retry: { retries: 0 } })
      .getEncounter({ encounterId: t().ids.encounterId! })
      .catch((e: unknown) => e);
    t().mock!.mock.state.faults.reset();
    expect(err).toMatchObject({
      code: 'server_error',
      status: 500,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      issues: [{ code: 'transient' }],
    });
  });
});
