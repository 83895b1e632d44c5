import type {
  Appointment,
  Binary,
  DocumentReference,
  Encounter,
  Patient,
  Resource,
} from 'fhir/r4.js';
import { checkDocumentReferenceCreate } from './document-reference-rules.js';
import {
  FIRST_ALLOCATED_ID,
  FIRST_ALLOCATED_MRN,
  NumericIdCounter,
  SANDBOX_MRN_SYSTEM,
} from './ids.js';
import { MultiIndex, SortedIndex } from './indexes.js';
import { buildCreatedPatient } from './patient-create.js';
import { checkPatientCreate } from './patient-rules.js';
import type { RuleViolation } from './rule-violation.js';
import { buildSeed } from './seed/index.js';

export { SANDBOX_MRN_SYSTEM } from './ids.js';

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

/** A synchronous structural check (see `loadStructureValidator`), run after Cerner's rules. */
export type StructureCheck = (resource: Resource) => RuleViolation[];

/** What a rule-checked create returns: the stored resource, or every violated rule. */
export type CreateResult<T extends Resource> =
  { ok: true; id: string; resource: T } | { ok: false; violations: RuleViolation[] };

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

/** `Patient/123` -> `123` (also absolute URLs ending in `/Patient/123`). */
export function refId(reference: string | undefined | null, type: string): string | undefined {
  if (!reference) return undefined;
  const prefix = `${type}/`;
  const at = reference.lastIndexOf(prefix);
  if (at < 0 || (at > 0 && reference[at - 1] !== '/')) return undefined;
  const id = reference.slice(at + prefix.length);
  return /^[A-Za-z0-9.-]{1,64}$/.test(id) ? id : undefined;
}

/**
 * In-memory FHIR store with the indexes Cerner's searches need. Every lookup is a Map access, so
 * `Patient?identifier=` stays flat with a million patients:
 * - identifier `system|value` and `value` alone -> patient ids;
 * - patient -> encounters, oldest `period.start` first (Cerner's order across pages);
 * - patient -> document references, in creation order.
 *
 * Resources of a type are kept in creation (insertion) order. `put`/`loadMany` store as given
 * (no validation: for seeding); `createPatient`/`createDocumentReference` apply Cerner's rules and
 * are shared by the FHIR routes and the HL7 listener.
 *
 * @example
 * ```ts
 * const store = createFhirStore({ tenantId, now: Date.now, seed: true });
 * store.findPatientByMrn('292392')?.id; // '13115400'
 * ```
 */
export class FhirStore {
  readonly tenantId: string;
  readonly mrnSystem: string;
  readonly #byType = new Map<string, Map<string, Resource>>();
  readonly #identifier = new MultiIndex();
  readonly #encountersByPatient = new SortedIndex();
  readonly #docsByPatient = new MultiIndex();
  readonly #ids = new NumericIdCounter(FIRST_ALLOCATED_ID);
  readonly #mrns = new NumericIdCounter(FIRST_ALLOCATED_MRN);
  readonly #now: () => number;
  readonly #seed: boolean;

  /**
   * @param options - see {@link FhirStoreOptions}
   */
  constructor(options: FhirStoreOptions) {
    this.tenantId = options.tenantId;
    this.mrnSystem = options.mrnSystem ?? SANDBOX_MRN_SYSTEM;
    this.#now = options.now;
    this.#seed = options.seed;
    this.reset();
  }

  /** Back to the seed data (or empty), with the id and MRN counters restarted. */
  reset(): void {
    this.#byType.clear();
    this.#identifier.clear();
    this.#encountersByPatient.clear();
    this.#docsByPatient.clear();
    this.#ids.reset();
    this.#mrns.reset();
    if (this.#seed) for (const r of buildSeed(this.tenantId)) this.put(r);
  }

  /**
   * A new numeric id, as Cerner's are (above every seeded or loaded numeric id).
   *
   * @returns the id
   */
  allocateId(): string {
    return this.#ids.next();
  }

  /**
   * The next MRN the "Millennium" side assigns to a created patient (skips MRNs already in use).
   *
   * @returns the bare MRN
   */
  allocateMrn(): string {
    let mrn = this.#mrns.next();
    while (this.#identifier.has(`${this.mrnSystem}|${mrn}`)) mrn = this.#mrns.next();
    return mrn;
  }

  /**
   * One resource by type and id.
   *
   * @param type - e.g. `Patient`
   * @param id - the logical id
   * @returns the stored resource (do not mutate), or undefined
   */
  get<T extends Resource = Resource>(type: string, id: string): T | undefined {
    return this.#byType.get(type)?.get(id) as T | undefined;
  }

  /**
   * Stores a resource as given (id required), replacing any with the same id and updating the
   * indexes. No validation and no meta: the fast path for seeding and bulk loads.
   *
   * @param resource - a resource with an id
   * @throws Error when the resource has no id
   */
  put(resource: Resource): void {
    const id = resource.id;
    if (!id) throw new Error('put() needs an id');
    let m = this.#byType.get(resource.resourceType);
    if (!m) {
      m = new Map();
      this.#byType.set(resource.resourceType, m);
    }
    const previous = m.get(id);
    if (previous) this.#unindex(previous);
    m.set(id, resource);
    this.#index(resource);
    this.#ids.observe(id);
  }

  /**
   * Bulk load: ids are kept when given (else allocated), `meta.versionId` ("0", or the previous
   * version + 1 on replace) and `meta.lastUpdated` are filled in when absent. Takes ownership of
   * the objects (they are stored, not copied).
   *
   * @param resources - resources of the {@link STORED_TYPES}
   * @returns how many of each type were stored
   * @example
   * ```ts
   * store.loadMany([{ resourceType: 'Patient', id: '1', identifier: [{ system, value: '42' }] }]);
   * ```
   */
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

  /**
   * Adds server fields (a new id, `meta.versionId`, `meta.lastUpdated`) and stores. No rules.
   *
   * @param resource - the resource without id
   * @param version - the first `meta.versionId` ("0" for Patient, "1" for DocumentReference)
   * @returns the stored copy
   */
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

  /**
   * Removes a resource and its index entries.
   *
   * @param type - the resource type
   * @param id - the logical id
   * @returns whether something was removed
   */
  remove(type: string, id: string): boolean {
    const r = this.#byType.get(type)?.get(id);
    if (!r) return false;
    this.#byType.get(type)!.delete(id);
    this.#unindex(r);
    return true;
  }

  /**
   * Patient ids with this identifier (O(1)). `system` undefined searches every system; `''`
   * matches identifiers without a system (FHIR's `|value`).
   *
   * @param system - the identifier system, or undefined for any
   * @param value - the identifier value (the bare MRN)
   * @returns matching patient ids, in load order
   */
  findPatientsByIdentifier(system: string | undefined, value: string): string[] {
    return this.#identifier.get(system === undefined ? `\u0000${value}` : `${system}|${value}`);
  }

  /**
   * The patient with this MRN (for the HL7 listener's PID-3 lookups), skipping merged-away
   * (inactive) patients.
   *
   * @param mrn - the bare MRN
   * @param system - the MRN system (default the store's, i.e. the sandbox's)
   * @returns the patient, or undefined
   */
  findPatientByMrn(mrn: string, system: string = this.mrnSystem): Patient | undefined {
    for (const id of this.findPatientsByIdentifier(system, mrn)) {
      const p = this.get<Patient>('Patient', id);
      if (p && p.active !== false) return p;
    }
    return undefined;
  }

  /**
   * The patient's encounters, oldest `period.start` first (Cerner's order across pages).
   *
   * @param patientId - the patient's logical id
   * @returns the encounters
   */
  encountersOf(patientId: string): Encounter[] {
    return this.#resolve<Encounter>('Encounter', this.#encountersByPatient.ids(patientId));
  }

  /**
   * The patient's document references, in creation order.
   *
   * @param patientId - the patient's logical id
   * @returns the stored documents (with their `data`)
   */
  documentsOf(patientId: string): DocumentReference[] {
    return this.#resolve<DocumentReference>(
      'DocumentReference',
      this.#docsByPatient.get(patientId),
    );
  }

  /**
   * Resources of a type in creation order.
   *
   * @param type - the resource type
   * @param limit - at most this many
   * @param offset - skip this many first
   * @returns the resources
   */
  list(type: string, limit = Infinity, offset = 0): Resource[] {
    const out: Resource[] = [];
    let skipped = 0;
    for (const r of this.#byType.get(type)?.values() ?? []) {
      if (out.length >= limit) break;
      if (skipped < offset) {
        skipped += 1;
        continue;
      }
      out.push(r);
    }
    return out;
  }

  /**
   * Every stored resource of a type, lazily, in creation order.
   *
   * @param type - the resource type
   * @returns an iterator over the stored resources
   */
  values<T extends Resource = Resource>(type: string): IterableIterator<T> {
    return (this.#byType.get(type) ?? new Map<string, T>()).values() as IterableIterator<T>;
  }

  /**
   * How many resources of each type are stored.
   *
   * @returns type -> count
   */
  counts(): Record<string, number> {
    return Object.fromEntries(
      [...this.#byType].filter(([, m]) => m.size > 0).map(([t, m]) => [t, m.size]),
    );
  }

  /**
   * Cerner's Patient create (cerner-fhir.md §C.1): rules, then the optional structural check,
   * then the server-assigned MRN, element ids and `text`. Nothing is stored on failure.
   *
   * @param body - the parsed JSON body
   * @param options - `validateStructure`: a structural check run after the rules
   * @returns `{ ok: true, id, resource }` or `{ ok: false, violations }`
   */
  createPatient(
    body: unknown,
    options: { validateStructure?: StructureCheck } = {},
  ): CreateResult<Patient> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return {
        ok: false,
        violations: [{ path: 'Patient', text: 'must be a JSON object', code: 'business-rule' }],
      };
    }
    const violations = checkPatientCreate(body as Record<string, unknown>).map((v) => ({
      ...v,
      code: 'business-rule' as const,
    }));
    if (violations.length > 0) return { ok: false, violations };
    const structural = options.validateStructure?.(body as Patient) ?? [];
    if (structural.length > 0) {
      return {
        ok: false,
        violations: structural.map((v) => ({ ...v, code: 'structure' as const })),
      };
    }
    const id = this.allocateId();
    const patient = buildCreatedPatient(body as Patient, {
      id,
      mrn: this.allocateMrn(),
      mrnSystem: this.mrnSystem,
      now: this.#now(),
    });
    this.put(patient);
    return { ok: true, id, resource: patient };
  }

  /**
   * Cerner's DocumentReference create (cerner-fhir.md §G.1): rules (subject must be a stored
   * patient, `context.encounter` a stored encounter), then the optional structural check; the
   * stored copy keeps the base64 `data` (reads show a Binary `url` instead), gets `meta.versionId
   * "1"`, `date` (no milliseconds, as Cerner) and a `ceuuid` identifier. Used by the FHIR route and
   * the HL7 listener.
   *
   * @param body - the parsed JSON body
   * @param options - `validateStructure`: a structural check run after the rules
   * @returns `{ ok: true, id, resource }` or `{ ok: false, violations }`
   * @example
   * ```ts
   * const r = store.createDocumentReference(doc);
   * if (!r.ok) console.log(r.violations.map((v) => v.path));
   * ```
   */
  createDocumentReference(
    body: unknown,
    options: { validateStructure?: StructureCheck } = {},
  ): CreateResult<DocumentReference> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return {
        ok: false,
        violations: [
          { path: 'DocumentReference', text: 'must be a JSON object', code: 'business-rule' },
        ],
      };
    }
    const violations = checkDocumentReferenceCreate(body as Record<string, unknown>, {
      tenantId: this.tenantId,
      patientExists: (pid) => this.get('Patient', pid) !== undefined,
      encounterPatient: (eid) => {
        const e = this.get<Encounter>('Encounter', eid);
        if (e === undefined) return undefined;
        return refId(e.subject?.reference, 'Patient') ?? null;
      },
    }).map((v) => ({ ...v, code: 'business-rule' as const }));
    if (violations.length > 0) return { ok: false, violations };
    const structural = options.validateStructure?.(body as DocumentReference) ?? [];
    if (structural.length > 0) {
      return {
        ok: false,
        violations: structural.map((v) => ({ ...v, code: 'structure' as const })),
      };
    }
    const input = body as DocumentReference;
    const now = this.#now();
    const id = this.allocateId();
    const { id: _ignoredId, meta: _ignoredMeta, ...rest } = input;
    const doc: DocumentReference = {
      ...rest,
      resourceType: 'DocumentReference',
      id,
      meta: { versionId: '1', lastUpdated: new Date(now).toISOString() },
      identifier: [
        {
          system: 'https://fhir.cerner.com/ceuuid',
          value: `CE${crypto.randomUUID()}-${id}-${new Date(now).toISOString().replace(/\D/g, '').slice(0, 16)}`,
        },
      ],
      date: input.date ?? new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    this.put(doc);
    return { ok: true, id, resource: doc };
  }

  #resolve<T extends Resource>(type: string, ids: string[]): T[] {
    const m = this.#byType.get(type);
    const out: T[] = [];
    for (const id of ids) {
      const r = m?.get(id);
      if (r) out.push(r as T);
    }
    return out;
  }

  #index(r: Resource): void {
    const id = r.id!;
    if (r.resourceType === 'Patient') {
      for (const i of (r as Patient).identifier ?? []) {
        if (typeof i.value !== 'string') continue;
        this.#identifier.add(`${i.system ?? ''}|${i.value}`, id);
        this.#identifier.add(`\u0000${i.value}`, id);
      }
    } else if (r.resourceType === 'Encounter') {
      const pid = refId((r as Encounter).subject?.reference, 'Patient');
      if (pid) {
        this.#encountersByPatient.add(pid, { id, sortKey: (r as Encounter).period?.start ?? '' });
      }
    } else if (r.resourceType === 'DocumentReference') {
      const pid = refId((r as DocumentReference).subject?.reference, 'Patient');
      if (pid) this.#docsByPatient.add(pid, id);
    }
  }

  #unindex(r: Resource): void {
    const id = r.id!;
    if (r.resourceType === 'Patient') {
      for (const i of (r as Patient).identifier ?? []) {
        if (typeof i.value !== 'string') continue;
        this.#identifier.remove(`${i.system ?? ''}|${i.value}`, id);
        this.#identifier.remove(`\u0000${i.value}`, id);
      }
    } else if (r.resourceType === 'Encounter') {
      const pid = refId((r as Encounter).subject?.reference, 'Patient');
      if (pid) this.#encountersByPatient.remove(pid, id);
    } else if (r.resourceType === 'DocumentReference') {
      const pid = refId((r as DocumentReference).subject?.reference, 'Patient');
      if (pid) this.#docsByPatient.remove(pid, id);
    }
  }
}

export type { Appointment, Binary, DocumentReference, Encounter, Patient };

/**
 * Creates the store; `seed` loads Cerner's sandbox ids (see `SEED_IDS`).
 *
 * @param options - see {@link FhirStoreOptions}
 * @returns the store
 * @example
 * ```ts
 * const store = createFhirStore({ tenantId: DEFAULT_TENANT_ID, now: Date.now, seed: true });
 * ```
 */
export function createFhirStore(options: FhirStoreOptions): FhirStore {
  return new FhirStore(options);
}
