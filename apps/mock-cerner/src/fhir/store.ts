import type { Appointment, Binary, DocumentReference, Encounter, Patient, Resource } from 'fhir/r4.js';
import { buildSeed } from './seed/index.js';

/** The resource types the mock stores. */
export type StoredType = 'Patient' | 'Encounter' | 'Appointment' | 'DocumentReference' | 'Binary' | 'Organization' | 'Practitioner' | 'Location';

/** The MRN system of Cerner's public sandbox tenant. */
export const SANDBOX_MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.6.1000';

/**
 * In-memory FHIR store with the indexes Cerner's searches need: identifier (system|value and
 * value alone) for Patient, encounters and documents by patient. Every lookup is a Map access,
 * so `Patient?identifier=` stays flat with a million patients.
 */
export class FhirStore {
  readonly #byType = new Map<string, Map<string, Resource>>();
  readonly #identifier = new Map<string, Set<string>>();
  readonly #encountersByPatient = new Map<string, Encounter[]>();
  readonly #docsByPatient = new Map<string, string[]>();
  readonly #now: () => number;
  readonly #seed: boolean;
  #nextId = 200_000_000;
  #nextMrn = 800_000;

  constructor(options: { now: () => number; seed: boolean }) {
    this.#now = options.now;
    this.#seed = options.seed;
    this.reset();
  }

  /** Back to the seed data (or empty). */
  reset(): void {
    this.#byType.clear();
    this.#identifier.clear();
    this.#encountersByPatient.clear();
    this.#docsByPatient.clear();
    this.#nextId = 200_000_000;
    this.#nextMrn = 800_000;
    if (this.#seed) for (const r of buildSeed()) this.put(r);
  }

  /** A new numeric id, as Cerner's are. */
  allocateId(): string {
    this.#nextId += 1;
    return String(this.#nextId);
  }

  /** The next MRN the "Millennium" side assigns to a created patient. */
  allocateMrn(): string {
    this.#nextMrn += 1;
    return String(this.#nextMrn);
  }

  get<T extends Resource = Resource>(type: string, id: string): T | undefined {
    return this.#byType.get(type)?.get(id) as T | undefined;
  }

  /** Stores a resource as given (id required), updating the indexes. No validation: for seeding. */
  put(resource: Resource): void {
    const id = resource.id;
    if (!id) throw new Error('put() needs an id');
    let m = this.#byType.get(resource.resourceType);
    if (!m) {
      m = new Map();
      this.#byType.set(resource.resourceType, m);
    }
    const previous = m.get(id);
    m.set(id, resource);
    if (resource.resourceType === 'Patient') this.#indexPatient(resource as Patient, previous as Patient | undefined);
    if (resource.resourceType === 'Encounter' && !previous) this.#indexEncounter(resource as Encounter);
    if (resource.resourceType === 'DocumentReference' && !previous) {
      const pid = refId((resource as DocumentReference).subject?.reference, 'Patient');
      if (pid) this.#push(this.#docsByPatient, pid, id);
    }
    if (/^\d+$/.test(id) && Number(id) > this.#nextId && Number(id) < 1e12) this.#nextId = Number(id);
  }

  /** Adds server fields (id, meta) and stores. */
  create<T extends Resource>(resource: T, version = '0'): T {
    const id = this.allocateId();
    const stored = { ...resource, id, meta: { versionId: version, lastUpdated: new Date(this.#now()).toISOString() } } as T;
    this.put(stored);
    return stored;
  }

  /** Removes a resource (used to roll back a create that failed a later check). */
  remove(type: string, id: string): void {
    const r = this.#byType.get(type)?.get(id);
    if (!r) return;
    this.#byType.get(type)!.delete(id);
    if (type === 'DocumentReference') {
      const pid = refId((r as DocumentReference).subject?.reference, 'Patient');
      const list = pid ? this.#docsByPatient.get(pid) : undefined;
      const at = list ? list.indexOf(id) : -1;
      if (list && at >= 0) list.splice(at, 1);
    }
  }

  /** Patient ids with this identifier; `system` undefined searches every system. */
  findPatientsByIdentifier(system: string | undefined, value: string): string[] {
    const key = system === undefined ? `\u0000${value}` : `${system}|${value}`;
    return [...(this.#identifier.get(key) ?? [])];
  }

  /** The patient's encounters, oldest `period.start` first (Cerner's order across pages). */
  encountersOf(patientId: string): readonly Encounter[] {
    return this.#encountersByPatient.get(patientId) ?? [];
  }

  documentsOf(patientId: string): DocumentReference[] {
    return (this.#docsByPatient.get(patientId) ?? []).map((id) => this.get<DocumentReference>('DocumentReference', id)!).filter(Boolean);
  }

  list(type: string, limit = Infinity): Resource[] {
    const out: Resource[] = [];
    for (const r of this.#byType.get(type)?.values() ?? []) {
      if (out.length >= limit) break;
      out.push(r);
    }
    return out;
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.#byType].map(([t, m]) => [t, m.size]));
  }

  #push<V>(m: Map<string, V[]>, key: string, v: V): void {
    const list = m.get(key);
    if (list) list.push(v);
    else m.set(key, [v]);
  }

  #indexPatient(p: Patient, previous: Patient | undefined): void {
    for (const i of previous?.identifier ?? []) {
      if (i.value === undefined) continue;
      this.#identifier.get(`${i.system ?? ''}|${i.value}`)?.delete(p.id!);
      this.#identifier.get(`\u0000${i.value}`)?.delete(p.id!);
    }
    for (const i of p.identifier ?? []) {
      if (i.value === undefined) continue;
      for (const key of [`${i.system ?? ''}|${i.value}`, `\u0000${i.value}`]) {
        let s = this.#identifier.get(key);
        if (!s) {
          s = new Set();
          this.#identifier.set(key, s);
        }
        s.add(p.id!);
      }
    }
  }

  #indexEncounter(e: Encounter): void {
    const pid = refId(e.subject?.reference, 'Patient');
    if (!pid) return;
    const list = this.#encountersByPatient.get(pid) ?? [];
    const start = e.period?.start ?? '';
    // Insert keeping oldest-first order (binary search; appends are the common case).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]!.period?.start ?? '') <= start) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, e);
    this.#encountersByPatient.set(pid, list);
  }
}

/** `Patient/123` -> `123` (also absolute URLs ending in `/Patient/123`). */
export function refId(reference: string | undefined, type: string): string | undefined {
  if (!reference) return undefined;
  const m = new RegExp(`(?:^|/)${type}/([A-Za-z0-9.-]{1,64})$`).exec(reference);
  return m?.[1];
}

export type { Appointment, Binary, DocumentReference, Encounter, Patient };

/** Creates the store; `seed` loads Cerner's sandbox ids. */
export function createFhirStore(options: { tenantId: string; now: () => number; seed: boolean }): FhirStore {
  return new FhirStore(options);
}
