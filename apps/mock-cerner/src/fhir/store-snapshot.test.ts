import type { Patient } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { FIRST_ALLOCATED_ID, SANDBOX_MRN_SYSTEM } from './ids.js';
import { SEED_IDS } from './seed/index.js';
import { createFhirStore, type StoreSnapshot } from './store.js';

const newStore = (seed = true) => createFhirStore({ tenantId: 't', now: () => 0, seed });
const patient = (family: string) => ({
  resourceType: 'Patient',
  identifier: [{ assigner: { reference: 'Organization/675844' } }],
  name: [{ use: 'official', family, given: ['Ann'] }],
});
const mrnOf = (p: Patient) => p.identifier!.find((i) => i.system === SANDBOX_MRN_SYSTEM)!.value!;

describe('FhirStore snapshot() and restore()', () => {
  it('brings back resources, indexes and the id and MRN counters', () => {
    const store = newStore();
    const saved = store.snapshot();
    const first = store.createPatient(patient('ONE'));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const mrn = mrnOf(first.resource);
    expect(store.findPatientByMrn(mrn)?.id).toBe(first.id);
    store.restore(saved);
    expect(store.get('Patient', first.id)).toBeUndefined();
    expect(store.findPatientByMrn(mrn)).toBeUndefined();
    expect(store.counts()).toEqual(saved.counts);
    // The same id and MRN again: the counters are part of the snapshot.
    const again = store.createPatient(patient('TWO'));
    expect(again.ok && again.id).toBe(first.id);
    expect(again.ok && mrnOf(again.resource)).toBe(mrn);
  });

  it('restores the same snapshot any number of times; later changes never leak into it', () => {
    const store = newStore(false);
    store.put({
      resourceType: 'Patient',
      id: '1',
      identifier: [{ system: 's', value: 'a' }],
    } as Patient);
    const saved = store.snapshot();
    for (let i = 0; i < 3; i++) {
      store.put({
        resourceType: 'Patient',
        id: '1',
        identifier: [{ system: 's', value: 'b' }],
      } as Patient);
      store.put({ resourceType: 'Patient', id: `x${i}` });
      store.remove('Patient', '1');
      store.restore(saved);
      expect(store.findPatientsByIdentifier('s', 'a')).toEqual(['1']);
      expect(store.findPatientsByIdentifier('s', 'b')).toEqual([]);
      expect(store.counts()).toEqual({ Patient: 1 });
      expect(store.allocateId()).toBe(String(FIRST_ALLOCATED_ID));
    }
  });

  it('reset() is a restore of the seed: seeded resources are the same frozen objects', () => {
    const store = newStore();
    const joe = store.get('Patient', SEED_IDS.patients.smartJoe);
    store.remove('Patient', SEED_IDS.patients.smartJoe);
    store.reset();
    expect(store.get('Patient', SEED_IDS.patients.smartJoe)).toBe(joe);
    expect(store.findPatientByMrn(SEED_IDS.mrns['12724066'])?.id).toBe(SEED_IDS.patients.smartJoe);
  });

  it('stored resources are frozen, so a snapshot can share them', () => {
    const store = newStore(false);
    const p: Patient = { resourceType: 'Patient', id: '1', name: [{ family: 'A' }] };
    store.put(p);
    expect(() => {
      (store.get<Patient>('Patient', '1')!.name![0] as { family: string }).family = 'B';
    }).toThrow(TypeError);
    expect(Object.isFrozen(store.get('Patient', SEED_IDS.patients.wilma))).toBe(true);
  });

  it('refuses what is not a snapshot', () => {
    const store = newStore(false);
    const fake = { tenantId: 't', takenAt: 0, counts: {} } as StoreSnapshot;
    expect(() => store.restore(fake)).toThrow(TypeError);
  });

  it('two stores of the same tenant share nothing', () => {
    const a = newStore();
    const b = newStore();
    const made = a.createPatient(patient('ONLY-A'));
    if (!made.ok) throw new Error('create refused');
    expect(a.findPatientByMrn(mrnOf(made.resource))?.id).toBe(made.id);
    expect(b.findPatientByMrn(mrnOf(made.resource))).toBeUndefined();
    expect(b.get('Patient', made.id)).toBeUndefined();
    expect(b.counts()).not.toEqual(a.counts());
  });
});
