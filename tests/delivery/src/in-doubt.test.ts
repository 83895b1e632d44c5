import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeDelivery,
  seedPatients,
  setFaults,
  startMock,
  testDatabase,
  type TestDelivery,
} from './harness.js';

const db = await testDatabase();

describe.skipIf(db.url === undefined)('in-doubt creates', () => {
  let env: Awaited<ReturnType<typeof startMock>>;
  let t: TestDelivery;
  beforeAll(async () => {
    env = await startMock();
    t = (await makeDelivery({
      cerner: env.client,
      retry: { baseDelayMs: 20, maxDelayMs: 100, reconcileDelayMs: 100 },
    }))!;
    await t.delivery.start({ concurrency: 2 });
  });
  afterAll(async () => {
    await t?.close();
    await env?.mock.close();
  });

  it('a Patient stored but whose answer was lost is found by its delivery identifier, not created twice', async () => {
    await setFaults(env.mock, [
      { method: 'POST', path: 'Patient', drop: true, dropAfterStore: true, times: 1 },
    ]);
    const before = env.mock.mock.state.store.counts().Patient ?? 0;
    const { id } = await t.delivery.enqueue('createPatient', {
      assigningOrganizationId: '675844',
      family: 'Doubt',
      given: 'Ina',
    });
    await t.until((ev) => ev.some((e) => e.id === id && e.to === 'delivered'));
    const s = (await t.delivery.status(id))!;
    expect(s.path).toEqual(['in_doubt', 'reconciled_found']);
    expect(env.mock.mock.state.store.counts().Patient).toBe(before + 1);
    expect(env.mock.mock.state.store.get('Patient', s.cernerId!)).toBeDefined();
  });

  it('a Patient whose create was lost before storing is proven absent, then sent again', async () => {
    await setFaults(env.mock, [{ method: 'POST', path: 'Patient', drop: true, times: 1 }]);
    const before = env.mock.mock.state.store.counts().Patient ?? 0;
    const { id } = await t.delivery.enqueue('createPatient', {
      assigningOrganizationId: '675844',
      family: 'Lost',
      given: 'Ola',
    });
    await t.until((ev) => ev.some((e) => e.id === id && e.to === 'delivered'));
    expect((await t.delivery.status(id))!.path).toEqual(['in_doubt', 'reconciled_absent_resent']);
    expect(env.mock.mock.state.store.counts().Patient).toBe(before + 1);
  });

  it("a 422 is dead-lettered with Cerner's text and never retried", async () => {
    const pid = seedPatients(env.mock, 1)[0]![0];
    // An encounter of another patient: the mock refuses it (422) like Cerner.
    const { id } = await t.delivery.enqueue('createClinicalNote', {
      patientId: pid!,
      encounterId: '97939518',
      text: 'wrong encounter',
    });
    await t.until((ev) => ev.some((e) => e.id === id && e.to === 'dead'));
    const s = (await t.delivery.status(id))!;
    expect(s.attempts).toBe(1);
    expect(s.error).toMatchObject({ code: 'unprocessable', status: 422 });
    expect(s.error?.text).toBeTruthy();
  });
});

describe.skipIf(db.url === undefined)('without the read scopes reconciliation needs', () => {
  let env: Awaited<ReturnType<typeof startMock>>;
  let t: TestDelivery;
  beforeAll(async () => {
    env = await startMock({}, { readScopes: false });
    t = (await makeDelivery({
      cerner: env.client,
      retry: { baseDelayMs: 20, maxDelayMs: 100, reconcileDelayMs: 100 },
    }))!;
    await t.delivery.start({ concurrency: 1 });
  });
  afterAll(async () => {
    await t?.close();
    await env?.mock.close();
  });

  it('an in-doubt note stops in needs_review naming the scope, and is not resent', async () => {
    const [pid, eid] = seedPatients(env.mock, 1)[0]!;
    await setFaults(env.mock, [
      { method: 'POST', path: 'DocumentReference', drop: true, dropAfterStore: true, times: 1 },
    ]);
    const { id } = await t.delivery.enqueue('createClinicalNote', {
      patientId: pid!,
      encounterId: eid!,
      text: 'needs review',
    });
    await t.until((ev) => ev.some((e) => e.id === id && e.to === 'needs_review'));
    const s = (await t.delivery.status(id))!;
    expect(s.path).toEqual(['in_doubt', 'needs_review']);
    expect(s.error?.missingScopes).toEqual(['system/DocumentReference.read']);
    expect(env.mock.mock.state.store.documentsOf(pid!)).toHaveLength(1);
  });
});
