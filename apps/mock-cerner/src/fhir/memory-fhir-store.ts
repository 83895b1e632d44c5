import type { DocumentReference, Encounter, Patient, Resource } from 'fhir/r4.js';
import {
  createCheckedDocumentReference,
  createCheckedPatient,
  type CreateResult,
  type CreateTarget,
  type StructureCheck,
} from './checked-create.js';
import {
  FIRST_ALLOCATED_ID,
  FIRST_ALLOCATED_MRN,
  NumericIdCounter,
  SANDBOX_MRN_SYSTEM,
} from './ids.js';
import { ResourceRepository, type RepositoryImage } from './resource-repository.js';
import { SearchIndexes } from './search-indexes.js';
import { buildSeed } from './seed/index.js';
import type { FhirStore, FhirStoreOptions, StoreSnapshot } from './store.js';

/** What a snapshot holds; the fields past {@link StoreSnapshot} are this module's. */
interface MemorySnapshot extends StoreSnapshot {
  readonly repository: RepositoryImage;
  /** A private copy, cloned again on every restore. */
  readonly indexes: SearchIndexes;
  readonly nextId: number;
  readonly nextMrn: number;
}

const images = new WeakSet<StoreSnapshot>();

/**
 * The in-memory {@link FhirStore}: a {@link ResourceRepository}, its {@link SearchIndexes} and the
 * id / MRN counters. The seed is built once, at construction, into a snapshot that `reset()`
 * restores (a copy of maps, not a rebuild).
 *
 * @example
 * ```ts
 * const store: FhirStore = new MemoryFhirStore({ tenantId, now: Date.now, seed: true });
 * ```
 */
export class MemoryFhirStore implements FhirStore {
  readonly tenantId: string;
  readonly mrnSystem: string;
  readonly #repo = new ResourceRepository();
  #indexes = new SearchIndexes();
  readonly #ids = new NumericIdCounter(FIRST_ALLOCATED_ID);
  readonly #mrns = new NumericIdCounter(FIRST_ALLOCATED_MRN);
  readonly #now: () => number;
  #initial: StoreSnapshot;
  /** The create pipeline's view of this store. */
  readonly #target: CreateTarget;

  /**
   * @param options - see {@link FhirStoreOptions}
   */
  constructor(options: FhirStoreOptions) {
    this.tenantId = options.tenantId;
    this.mrnSystem = options.mrnSystem ?? SANDBOX_MRN_SYSTEM;
    this.#now = options.now;
    if (options.seed) for (const r of buildSeed(this.tenantId)) this.put(r);
    this.#initial = this.snapshot();
    this.#target = {
      tenantId: this.tenantId,
      mrnSystem: this.mrnSystem,
      now: this.#now,
      allocateId: () => this.allocateId(),
      allocateMrn: () => this.allocateMrn(),
      get: <T extends Resource>(type: string, id: string) => this.get<T>(type, id),
      put: (r: Resource) => this.put(r),
    };
  }

  reset(): void {
    this.restore(this.#initial);
  }

  rebase(): void {
    this.#initial = this.snapshot();
  }

  snapshot(): StoreSnapshot {
    const snap: MemorySnapshot = Object.freeze({
      tenantId: this.tenantId,
      takenAt: this.#now(),
      counts: Object.freeze(this.counts()),
      repository: this.#repo.image(),
      indexes: new SearchIndexes(this.#indexes),
      nextId: this.#ids.peek,
      nextMrn: this.#mrns.peek,
    });
    images.add(snap);
    return snap;
  }

  restore(snapshot: StoreSnapshot): void {
    if (!images.has(snapshot)) throw new TypeError('restore: not a snapshot of a FhirStore');
    const s = snapshot as MemorySnapshot;
    this.#repo.load(s.repository);
    this.#indexes = new SearchIndexes(s.indexes);
    this.#ids.restart(s.nextId);
    this.#mrns.restart(s.nextMrn);
  }

  allocateId(): string {
    return this.#ids.next();
  }

  allocateMrn(): string {
    let mrn = this.#mrns.next();
    while (this.#indexes.hasIdentifier(this.mrnSystem, mrn)) mrn = this.#mrns.next();
    return mrn;
  }

  get<T extends Resource = Resource>(type: string, id: string): T | undefined {
    return this.#repo.get(type, id) as T | undefined;
  }

  put(resource: Resource): void {
    const id = resource.id;
    if (!id) throw new Error('put() needs an id');
    const previous = this.#repo.put(resource as Resource & { id: string });
    if (previous) this.#indexes.remove(previous);
    this.#indexes.add(resource);
    this.#ids.observe(id);
  }

  loadMany(resources: Iterable<Resource>): Record<string, number> {
    const counts: Record<string, number> = {};
    const lastUpdated = new Date(this.#now()).toISOString();
    for (const r of resources) {
      r.id ??= this.allocateId();
      if (!r.meta?.versionId || !r.meta.lastUpdated) {
        const prev = this.get(r.resourceType, r.id)?.meta?.versionId;
        r.meta = {
          ...r.meta,
          versionId:
            r.meta?.versionId ?? (prev !== undefined ? String(Number(prev) + 1 || 1) : '0'),
          lastUpdated: r.meta?.lastUpdated ?? lastUpdated,
        };
      }
      this.put(r);
      counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
    }
    return counts;
  }

  create<T extends Resource>(resource: T, version = '0'): T {
    const id = this.allocateId();
    const stored = {
      ...resource,
      id,
      meta: { versionId: version, lastUpdated: new Date(this.#now()).toISOString() },
    } as T;
    this.put(stored);
    return stored;
  }

  remove(type: string, id: string): boolean {
    const r = this.#repo.remove(type, id);
    if (!r) return false;
    this.#indexes.remove(r);
    return true;
  }

  findPatientsByIdentifier(system: string | undefined, value: string): string[] {
    return this.#indexes.patientsByIdentifier(system, value);
  }

  findPatientByMrn(mrn: string, system: string = this.mrnSystem): Patient | undefined {
    for (const id of this.findPatientsByIdentifier(system, mrn)) {
      const p = this.get<Patient>('Patient', id);
      if (p && p.active !== false) return p;
    }
    return undefined;
  }

  encountersOf(patientId: string): Encounter[] {
    return this.#resolve<Encounter>('Encounter', this.#indexes.encounterIds(patientId));
  }

  documentsOf(patientId: string): DocumentReference[] {
    return this.#resolve<DocumentReference>(
      'DocumentReference',
      this.#indexes.documentIds(patientId),
    );
  }

  list(type: string, limit = Infinity, offset = 0): Resource[] {
    const out: Resource[] = [];
    let skipped = 0;
    for (const r of this.#repo.values(type)) {
      if (out.length >= limit) break;
      if (skipped < offset) {
        skipped += 1;
        continue;
      }
      out.push(r);
    }
    return out;
  }

  values<T extends Resource = Resource>(type: string): IterableIterator<T> {
    return this.#repo.values(type) as IterableIterator<T>;
  }

  counts(): Record<string, number> {
    return this.#repo.counts();
  }

  createPatient(
    body: unknown,
    options: { validateStructure?: StructureCheck } = {},
  ): CreateResult<Patient> {
    return createCheckedPatient(this.#target, body, options.validateStructure);
  }

  createDocumentReference(
    body: unknown,
    options: { validateStructure?: StructureCheck } = {},
  ): CreateResult<DocumentReference> {
    return createCheckedDocumentReference(this.#target, body, options.validateStructure);
  }

  #resolve<T extends Resource>(type: string, ids: string[]): T[] {
    const out: T[] = [];
    for (const id of ids) {
      const r = this.#repo.get(type, id);
      if (r) out.push(r as T);
    }
    return out;
  }
}
