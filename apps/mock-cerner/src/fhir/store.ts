import type {
  Appointment,
  Binary,
  DocumentReference,
  Encounter,
  Patient,
  Resource,
} from 'fhir/r4.js';
import type { CreateResult, StructureCheck } from './checked-create.js';
import { MemoryFhirStore } from './memory-fhir-store.js';

export { SANDBOX_MRN_SYSTEM } from './ids.js';
export { refId } from './ref-id.js';
export type { CreateResult, StructureCheck } from './checked-create.js';
export type { Appointment, Binary, DocumentReference, Encounter, Patient };

/** The resource types the mock stores. */
export type StoredType =
  | 'Patient'
  | 'Encounter'
  | 'Appointment'
  | 'DocumentReference'
  | 'Organization'
  | 'Practitioner'
  | 'Location';

/** The types `POST /admin/load` and `loadMany` accept. */
export const STORED_TYPES: readonly StoredType[] = [
  'Patient',
  'Encounter',
  'Appointment',
  'DocumentReference',
  'Organization',
  'Practitioner',
  'Location',
];

/** Options of {@link createFhirStore}. */
export interface FhirStoreOptions {
  /** Tenant id, for the codeSet URLs in rules (`https://fhir.cerner.com/{tenant}/codeSet/72`). */
  tenantId: string;
  /** Clock, epoch ms (meta.lastUpdated). */
  now: () => number;
  /** Load Cerner's sandbox ids on creation and on every `reset()`. */
  seed: boolean;
  /** MRN system created patients get (default the sandbox's). */
  mrnSystem?: string;
}

/**
 * A saved state of a store (see {@link FhirStore.snapshot}): opaque and immutable; restoring it
 * any number of times gives the same store each time.
 */
export interface StoreSnapshot {
  readonly tenantId: string;
  /** When it was taken (epoch ms, the store's clock). */
  readonly takenAt: number;
  /** How many resources of each type it holds. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * The mock's FHIR store for one tenant: a repository of resources by type and id, the search
 * indexes Cerner's searches need (identifier, patient -> encounters, patient -> documents), and
 * the rule-checked create pipeline shared by the FHIR routes and the HL7 listener. Stored
 * resources are frozen: never mutate one, store a new object with `put`.
 *
 * `snapshot()` / `restore()` save and bring back the whole store (resources, indexes, id and MRN
 * counters) cheaply: resources are shared between snapshots (copy-on-write), only maps are copied.
 *
 * @example
 * ```ts
 * const store = createFhirStore({ tenantId, now: Date.now, seed: true });
 * store.findPatientByMrn('292392')?.id; // '13115400'
 * const saved = store.snapshot();
 * store.createPatient(body);
 * store.restore(saved); // the patient is gone again
 * ```
 */
export interface FhirStore {
  readonly tenantId: string;
  readonly mrnSystem: string;
  /** Back to the seed data (or empty), with the id and MRN counters restarted. */
  reset(): void;
  /** Makes the current contents what `reset()` comes back to (a tenant created with resources). */
  rebase(): void;
  /**
   * Saves the store's current state.
   *
   * @returns an immutable snapshot, for {@link FhirStore.restore}
   */
  snapshot(): StoreSnapshot;
  /**
   * Brings back a snapshot of this store (or of another store of the same tenant).
   *
   * @param snapshot - from `snapshot()`
   * @throws TypeError when it is not a snapshot made by a store of this kind
   */
  restore(snapshot: StoreSnapshot): void;
  /**
   * A new numeric id, as Cerner's are (above every seeded or loaded numeric id).
   *
   * @returns the id
   */
  allocateId(): string;
  /**
   * The next MRN the "Millennium" side assigns to a created patient (skips MRNs in use).
   *
   * @returns the bare MRN
   */
  allocateMrn(): string;
  /**
   * One resource by type and id.
   *
   * @param type - e.g. `Patient`
   * @param id - the logical id
   * @returns the stored resource (frozen), or undefined
   */
  get<T extends Resource = Resource>(type: string, id: string): T | undefined;
  /**
   * Stores a resource as given (id required; frozen from now on), replacing any with the same id
   * and updating the indexes. No validation and no meta: the fast path for seeding.
   *
   * @param resource - a resource with an id
   * @throws Error when the resource has no id
   */
  put(resource: Resource): void;
  /**
   * Bulk load: ids kept when given (else allocated); `meta.versionId` ("0", or the previous version
   * + 1 on replace) and `meta.lastUpdated` filled in when absent. Takes ownership of the objects.
   *
   * @param resources - resources of the {@link STORED_TYPES}
   * @returns how many of each type were stored
   */
  loadMany(resources: Iterable<Resource>): Record<string, number>;
  /**
   * Adds server fields (a new id, `meta.versionId`, `meta.lastUpdated`) and stores. No rules.
   *
   * @param resource - the resource without id
   * @param version - the first `meta.versionId` ("0" for Patient, "1" for DocumentReference)
   * @returns the stored copy
   */
  create<T extends Resource>(resource: T, version?: string): T;
  /**
   * Removes a resource and its index entries.
   *
   * @param type - the resource type
   * @param id - the logical id
   * @returns whether something was removed
   */
  remove(type: string, id: string): boolean;
  /**
   * Patient ids with this identifier (O(1)). `system` undefined searches every system; `''`
   * matches identifiers without a system (FHIR's `|value`).
   *
   * @param system - the identifier system, or undefined for any
   * @param value - the identifier value (the bare MRN)
   * @returns matching patient ids, in load order
   */
  findPatientsByIdentifier(system: string | undefined, value: string): string[];
  /**
   * The patient with this MRN, skipping merged-away (inactive) patients.
   *
   * @param mrn - the bare MRN
   * @param system - the MRN system (default the store's)
   * @returns the patient, or undefined
   */
  findPatientByMrn(mrn: string, system?: string): Patient | undefined;
  /**
   * The patient's encounters, oldest `period.start` first (Cerner's order across pages).
   *
   * @param patientId - the patient's logical id
   * @returns the encounters
   */
  encountersOf(patientId: string): Encounter[];
  /**
   * The patient's document references, in creation order.
   *
   * @param patientId - the patient's logical id
   * @returns the stored documents (with their `data`)
   */
  documentsOf(patientId: string): DocumentReference[];
  /**
   * Resources of a type in creation order.
   *
   * @param type - the resource type
   * @param limit - at most this many
   * @param offset - skip this many first
   * @returns the resources
   */
  list(type: string, limit?: number, offset?: number): Resource[];
  /**
   * Every stored resource of a type, lazily, in creation order.
   *
   * @param type - the resource type
   * @returns an iterator over the stored resources
   */
  values<T extends Resource = Resource>(type: string): IterableIterator<T>;
  /**
   * How many resources of each type are stored.
   *
   * @returns type -> count
   */
  counts(): Record<string, number>;
  /**
   * Cerner's Patient create (cerner-fhir.md §C.1), see `createCheckedPatient`.
   *
   * @param body - the parsed JSON body
   * @param options - `validateStructure`: a structural check run after the rules
   * @returns `{ ok: true, id, resource }` or `{ ok: false, violations }`
   */
  createPatient(
    body: unknown,
    options?: { validateStructure?: StructureCheck },
  ): CreateResult<Patient>;
  /**
   * Cerner's DocumentReference create (cerner-fhir.md §G.1), see `createCheckedDocumentReference`.
   * Used by the FHIR route and the HL7 listener.
   *
   * @param body - the parsed JSON body
   * @param options - `validateStructure`: a structural check run after the rules
   * @returns `{ ok: true, id, resource }` or `{ ok: false, violations }`
   */
  createDocumentReference(
    body: unknown,
    options?: { validateStructure?: StructureCheck },
  ): CreateResult<DocumentReference>;
}

/**
 * Creates the in-memory store; `seed` loads Cerner's sandbox ids (see `SEED_IDS`). The seed is
 * built once per store into a frozen image that `reset()` copies back (maps only).
 *
 * @param options - see {@link FhirStoreOptions}
 * @returns the store
 * @example
 * ```ts
 * const store = createFhirStore({ tenantId: DEFAULT_TENANT_ID, now: Date.now, seed: true });
 * ```
 */
export function createFhirStore(options: FhirStoreOptions): FhirStore {
  return new MemoryFhirStore(options);
}
