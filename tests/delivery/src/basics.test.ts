import { FhirActionError } from '@cerner-kit/fhir-r4-actions';
import { Hl7Error } from '@cerner-kit/hl7-adapters';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeDelivery,
  seedPatients,
  startMock,
  storedNoteTexts,
  testDatabase,
  type TestDelivery,
} from './harness.js';

const db = await testDatabase();
if (db.skipReason) console.log(db.skipReason);

describe.skipIf(db.url === undefined)('delivery basics', () => {
  let env: Awaited<ReturnType<typeof startMock>>;
  let t: TestDelivery;
  let pairs: [string, string][];
  beforeAll(async () => {
    env = await startMock();
    pairs = seedPatients(env.mock, 3);
    t = (await makeDelivery({
      cerner: env.client,
      retry: { baseDelayMs: 100, maxDelayMs: 1000, reconcileDelayMs: 200 },
    }))!;
    await t.delivery.start({ concurrency: 2 });
  });
  afterAll(async () => {
    await t?.close();
    await env?.mock.close();
  });

  it('refuses invalid input at enqueue with the action typed error, and queues nothing', async () => {
    const [pid] = pairs[0]!;
    const err = await t.delivery
      .enqueue('createClinicalNote', { patientId: pid, encounterId: 'bad id!', text: 'x' })
      .catch((e: unknown) => e);
    expect(FhirActionError.isInstance(err) && err.code === 'invalid_input' && err.field).toBe(
      'encounterId',
    );
    const perr = await t.delivery
      .enqueue('createPatient', {
        assigningOrganizationId: '675844',
        family: 'A',
        given: 'B',
        birthDate: '1990-13-45',
      })
      .catch((e: unknown) => e);
    expect(FhirActionError.isInstance(perr) && perr.field).toBe('birthDate');
    const herr = await t.delivery.enqueue('hl7', { text: 'x' }).catch((e: unknown) => e);
    expect(Hl7Error.isInstance(herr) && herr.code).toBe('invalid_input');
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const n = await c.query(`select count(*)::int as n from "${t.schema}".delivery`);
    const jobs = await c.query(`select count(*)::int as n from "${t.schema}".job`);
    await c.end();
    expect([n.rows[0].n, jobs.rows[0].n]).toEqual([0, 0]);
  });

  it('delivers a note, reports the Cerner id to onDelivered and by status, and freezes the period', async () => {
    const [pid, eid] = pairs[0]!;
    const { id } = await t.delivery.enqueue('createClinicalNote', {
      patientId: pid,
      encounterId: eid,
      text: 'basic one',
    });
    await t.until((ev) => ev.some((e) => e.id === id && e.to === 'delivered'));
    const s = await t.delivery.status(id);
    expect(s?.state).toBe('delivered');
    expect(s?.path).toEqual(['sent']);
    const doc = env.mock.mock.state.store.get('DocumentReference', s!.cernerId!) as unknown as {
      context: { period: { start: string; end: string } };
    };
    expect(doc.context.period.start).toBe(doc.context.period.end);
    expect((await t.delivery.statusByPatient(pid)).map((x) => x.id)).toContain(id);
    expect(JSON.stringify(t.events)).not.toContain('basic one');
  });

  it('enqueue joins the caller transaction: a rollback queues nothing, a commit queues it', async () => {
    const [pid, eid] = pairs[1]!;
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    await c.query('BEGIN');
    const rolled = await t.delivery.enqueue(
      'createClinicalNote',
      { patientId: pid, encounterId: eid, text: 'rolled back' },
      { tx: c },
    );
    await c.query('ROLLBACK');
    await c.query('BEGIN');
    const kept = await t.delivery.enqueue(
      'createClinicalNote',
      { patientId: pid, encounterId: eid, text: 'committed' },
      { tx: c },
    );
    await c.query('COMMIT');
    await c.end();
    await t.until((ev) => ev.some((e) => e.id === kept.id && e.to === 'delivered'));
    expect(await t.delivery.status(rolled.id)).toBeNull();
    const texts = storedNoteTexts(env.mock, [pid]);
    expect(texts).toContain('committed');
    expect(texts).not.toContain('rolled back');
  });
});
