import type { DocumentReference, Encounter, Patient, Resource } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../src/config.js';
import { FIRST_ALLOCATED_ID, SANDBOX_MRN_SYSTEM } from '../src/fhir/ids.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import { createFhirStore } from '../src/fhir/store.js';

const store = (seed = true) =>
  createFhirStore({
    tenantId: DEFAULT_TENANT_ID,
    now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 678),
    seed,
  });

const note = (overrides: Partial<DocumentReference> = {}): DocumentReference => ({
  resourceType: 'DocumentReference',
  status: 'current',
  docStatus: 'final',
  type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
  subject: { reference: `Patient/${SEED_IDS.patients.smartJoe}` },
  content: [
    {
      attachment: {
        contentType: 'text/plain;charset=utf-8',
        data: Buffer.from('Synthetic note').toString('base64'),
      },
    },
  ],
  context: { period: { end: '2026-01-02T03:04:05Z' } },
  ...overrides,
});

describe('seed', () => {
  it('holds Cerner sandbox ids with their MRNs in Cerner shape', () => {
    const s = store();
    for (const [id, mrn] of Object.entries(SEED_IDS.mrns)) {
      expect(s.findPatientByMrn(mrn)?.id).toBe(id);
      expect(s.findPatientsByIdentifier(undefined, mrn)).toEqual([id]);
    }
    const joe = s.get<Patient>('Patient', SEED_IDS.patients.smartJoe)!;
    // Cerner's order: the community MRN first, the sandbox MRN further down (cerner-fhir.md §D.2).
    expect(joe.identifier![0]).toMatchObject({
      use: 'usual',
      type: { text: 'Community Medical Record Number' },
    });
    expect(joe.identifier!.findIndex((i) => i.system === SANDBOX_MRN_SYSTEM)).toBeGreaterThan(3);
    expect(joe.identifier!.find((i) => i.system === SANDBOX_MRN_SYSTEM)).toMatchObject({
      use: 'usual',
      value: SEED_IDS.mrns['12724066'],
      type: { text: 'MRN' },
    });
    expect(joe.name![0]!.text).toBe('SMART, JOE');
    expect(joe.meta!.lastUpdated).toMatch(/\.\d{3}Z$/);
    expect(s.encountersOf(SEED_IDS.patients.smartJoe).map((e) => e.id)).toEqual([
      ...SEED_IDS.encounters,
    ]);
    expect(s.encountersOf(SEED_IDS.patients.manyEncounters)).toHaveLength(
      SEED_IDS.manyEncountersCount,
    );
    const enc = s.get<Encounter>('Encounter', SEED_IDS.encounters[1])!;
    expect(enc.class).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode' });
    expect(enc.period!.start).toMatch(/\.000Z$/);
    expect(s.get('Appointment', SEED_IDS.appointment)).toMatchObject({
      start: '2020-01-23T22:10:00Z',
    });
    expect(s.get('Organization', SEED_IDS.organization)).toBeDefined();
  });
  it('starts empty without seed, and reset() restores the seed', () => {
    expect(store(false).counts()).toEqual({});
    const s = store();
    const before = s.counts();
    s.put({
      resourceType: 'Patient',
      id: '1',
      identifier: [{ system: 'x', value: 'y' }],
    } as Patient);
    s.reset();
    expect(s.counts()).toEqual(before);
    expect(s.findPatientsByIdentifier('x', 'y')).toEqual([]);
  });
});

describe('indexes', () => {
  it('re-indexes a replaced patient, encounter and document, and unindexes removals', () => {
    const s = store(false);
    s.put({
      resourceType: 'Patient',
      id: 'p1',
      identifier: [{ system: 'sys', value: 'A' }],
    } as Patient);
    s.put({
      resourceType: 'Patient',
      id: 'p1',
      identifier: [{ system: 'sys', value: 'B' }],
    } as Patient);
    expect(s.findPatientsByIdentifier('sys', 'A')).toEqual([]);
    expect(s.findPatientsByIdentifier('sys', 'B')).toEqual(['p1']);
    s.put({ resourceType: 'Patient', id: 'p2', identifier: [{ value: 'B' }] } as Patient);
    expect(s.findPatientsByIdentifier(undefined, 'B')).toEqual(['p1', 'p2']);
    expect(s.findPatientsByIdentifier('', 'B')).toEqual(['p2']);

    const enc = (id: string, pid: string, start: string): Encounter => ({
      resourceType: 'Encounter',
      id,
      status: 'finished',
      class: { code: 'AMB' },
      subject: { reference: `Patient/${pid}` },
      period: { start },
    });
    s.put(enc('e2', 'p1', '2020-01-01T00:00:00.000Z'));
    s.put(enc('e1', 'p1', '2019-01-01T00:00:00.000Z'));
    s.put(enc('e3', 'p1', '2021-01-01T00:00:00.000Z'));
    expect(s.encountersOf('p1').map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    s.put(enc('e1', 'p2', '2019-01-01T00:00:00.000Z'));
    expect(s.encountersOf('p1').map((e) => e.id)).toEqual(['e2', 'e3']);
    expect(s.encountersOf('p2').map((e) => e.id)).toEqual(['e1']);
    expect(s.remove('Encounter', 'e2')).toBe(true);
    expect(s.encountersOf('p1').map((e) => e.id)).toEqual(['e3']);
    expect(s.remove('Patient', 'p1')).toBe(true);
    expect(s.findPatientsByIdentifier('sys', 'B')).toEqual([]);
  });
  it('loadMany fills meta, keeps ids and pushes the id counter past numeric ids', () => {
    const s = store(false);
    const counts = s.loadMany([
      { resourceType: 'Patient', id: '300000000' } as Resource,
      { resourceType: 'Organization', name: 'Synthetic Clinic' } as Resource,
    ]);
    expect(counts).toEqual({ Patient: 1, Organization: 1 });
    expect(s.get('Patient', '300000000')!.meta).toEqual({
      versionId: '0',
      lastUpdated: '2026-01-02T03:04:05.678Z',
    });
    expect(s.list('Organization')[0]!.id).toBe('300000001');
    s.loadMany([{ resourceType: 'Patient', id: '300000000' } as Resource]);
    expect(s.get('Patient', '300000000')!.meta!.versionId).toBe('1');
  });
  it('keeps identifier search O(1) with 100,000 patients loaded through the store API', () => {
    const s = store();
    const batch: Resource[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      batch.push({
        resourceType: 'Patient',
        id: String(300_000_000 + i),
        identifier: [{ system: SANDBOX_MRN_SYSTEM, value: String(5_000_000 + i) }],
      } as Patient);
    }
    s.loadMany(batch);
    expect(s.counts().Patient).toBe(100_006);
    for (let i = 0; i < 1000; i += 1) {
      expect(s.findPatientsByIdentifier(SANDBOX_MRN_SYSTEM, String(5_000_000 + i * 97))).toEqual([
        String(300_000_000 + i * 97),
      ]);
    }
    expect(s.findPatientByMrn('5099999')?.id).toBe('300099999');
    expect(s.findPatientByMrn(SEED_IDS.mrns['13115400'])?.id).toBe(SEED_IDS.patients.wilma);
  });
});

describe('rule-checked creates (shared by the FHIR routes and the HL7 listener)', () => {
  it('createPatient assigns id, MRN (skipping used ones) and Cerner fields; nothing stored on failure', () => {
    const s = store();
    s.put({
      resourceType: 'Patient',
      id: 'x',
      identifier: [{ system: SANDBOX_MRN_SYSTEM, value: '800001' }],
    } as Patient);
    const r = s.createPatient({
      resourceType: 'Patient',
      identifier: [{ assigner: { reference: 'Organization/675844' } }],
      name: [{ use: 'official', family: 'Doe', given: ['Jan'] }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.id).toBe(String(FIRST_ALLOCATED_ID));
    expect(r.resource.identifier![0]!.value).toBe('800002');
    expect(s.findPatientByMrn('800002')?.id).toBe(r.id);
    const before = s.counts().Patient;
    const bad = s.createPatient({
      resourceType: 'Patient',
      name: [{ use: 'official', family: 'Doe', given: ['Jan'], text: 'x' }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.violations.map((v) => v.path)).toEqual(['identifier', 'name[0].text']);
    expect(s.counts().Patient).toBe(before);
  });
  it('createDocumentReference keeps the data, adds ceuuid, version 1 and a date without ms', () => {
    const s = store();
    const r = s.createDocumentReference(note());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.resource).toMatchObject({
      meta: { versionId: '1' },
      date: '2026-01-02T03:04:05Z',
      identifier: [{ system: 'https://fhir.cerner.com/ceuuid' }],
    });
    expect(
      Buffer.from(
        s.documentsOf(SEED_IDS.patients.smartJoe)[0]!.content[0]!.attachment.data!,
        'base64',
      ).toString(),
    ).toBe('Synthetic note');
    const structure = s.createDocumentReference(note(), {
      validateStructure: () => [{ path: 'DocumentReference.x', text: 'nope' }],
    });
    expect(structure).toEqual({
      ok: false,
      violations: [{ path: 'DocumentReference.x', text: 'nope', code: 'structure' }],
    });
    const unknown = s.createDocumentReference(note({ subject: { reference: 'Patient/1' } }));
    expect(unknown.ok).toBe(false);
    expect(s.createDocumentReference([]).ok).toBe(false);
    expect(s.documentsOf(SEED_IDS.patients.smartJoe)).toHaveLength(1);
  });

  it("createDocumentReference refuses an unknown encounter and another patient's encounter", () => {
    const s = store();
    const joe = SEED_IDS.patients.smartJoe;
    const joesVisit = SEED_IDS.encounters[0];
    expect(s.get<Encounter>('Encounter', joesVisit)?.subject?.reference).toBe(`Patient/${joe}`);
    const context = (encounterId: string) => ({
      context: {
        encounter: [{ reference: `Encounter/${encounterId}` }],
        period: { end: '2026-01-02T03:04:05Z' },
      },
    });
    expect(s.createDocumentReference(note(context(joesVisit))).ok).toBe(true);
    expect(s.createDocumentReference(note(context('424242')))).toEqual({
      ok: false,
      violations: [
        expect.objectContaining({
          path: 'context.encounter[0]',
          text: 'the encounter does not exist',
        }),
      ],
    });
    const wilmas = note({
      ...context(joesVisit),
      subject: { reference: `Patient/${SEED_IDS.patients.wilma}` },
    });
    expect(s.createDocumentReference(wilmas)).toEqual({
      ok: false,
      violations: [
        expect.objectContaining({
          path: 'context.encounter[0]',
          text: 'the encounter belongs to another patient than subject',
        }),
      ],
    });
    expect(s.documentsOf(SEED_IDS.patients.wilma)).toHaveLength(0);
  });
});
