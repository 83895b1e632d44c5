import type { DocumentReference, Encounter, Patient, Resource } from 'fhir/r4.js';
import { checkDocumentReferenceCreate } from './document-reference-rules.js';
import { buildCreatedPatient } from './patient-create.js';
import { checkPatientCreate } from './patient-rules.js';
import { refId } from './ref-id.js';
import type { RuleViolation } from './rule-violation.js';

/** A synchronous structural check (see `loadStructureValidator`), run after Cerner's rules. */
export type StructureCheck = (resource: Resource) => RuleViolation[];

/** What a rule-checked create returns: the stored resource, or every violated rule. */
export type CreateResult<T extends Resource> =
  { ok: true; id: string; resource: T } | { ok: false; violations: RuleViolation[] };

/** What the checked-create pipeline needs from the store it writes to. */
export interface CreateTarget {
  readonly tenantId: string;
  readonly mrnSystem: string;
  /** Clock, epoch ms. */
  now(): number;
  allocateId(): string;
  allocateMrn(): string;
  get<T extends Resource = Resource>(type: string, id: string): T | undefined;
  put(resource: Resource): void;
}

const notAnObject = (path: string): { ok: false; violations: RuleViolation[] } => ({
  ok: false,
  violations: [{ path, text: 'must be a JSON object', code: 'business-rule' }],
});

const isObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

/** Cerner's rules first (`business-rule`), then the structural check (`structure`). */
function violationsOf(
  ruleViolations: RuleViolation[],
  body: Resource,
  validateStructure: StructureCheck | undefined,
): RuleViolation[] {
  if (ruleViolations.length > 0) {
    return ruleViolations.map((v) => ({ ...v, code: 'business-rule' as const }));
  }
  return (validateStructure?.(body) ?? []).map((v) => ({ ...v, code: 'structure' as const }));
}

/**
 * Cerner's Patient create (cerner-fhir.md §C.1): rules, then the optional structural check, then
 * the server-assigned MRN, element ids and `text`. Nothing is stored on failure.
 *
 * @param store - where the patient is stored
 * @param body - the parsed JSON body
 * @param validateStructure - a structural check run after the rules
 * @returns `{ ok: true, id, resource }` or `{ ok: false, violations }`
 * @example
 * ```ts
 * const r = createCheckedPatient(store, body, undefined);
 * if (r.ok) console.log(r.id);
 * ```
 */
export function createCheckedPatient(
  store: CreateTarget,
  body: unknown,
  validateStructure: StructureCheck | undefined,
): CreateResult<Patient> {
  if (!isObject(body)) return notAnObject('Patient');
  const violations = violationsOf(
    checkPatientCreate(body),
    body as unknown as Patient,
    validateStructure,
  );
  if (violations.length > 0) return { ok: false, violations };
  const id = store.allocateId();
  const patient = buildCreatedPatient(body as unknown as Patient, {
    id,
    mrn: store.allocateMrn(),
    mrnSystem: store.mrnSystem,
    now: store.now(),
  });
  store.put(patient);
  return { ok: true, id, resource: patient };
}

/**
 * Cerner's DocumentReference create (cerner-fhir.md §G.1): rules (subject must be a stored patient,
 * `context.encounter` a stored encounter of that patient), then the optional structural check; the
 * stored copy keeps the base64 `data` (reads show a Binary `url` instead), gets `meta.versionId
 * "1"`, `date` (no milliseconds, as Cerner) and a `ceuuid` identifier. Nothing is stored on failure.
 *
 * @param store - where the document is stored
 * @param body - the parsed JSON body
 * @param validateStructure - a structural check run after the rules
 * @returns `{ ok: true, id, resource }` or `{ ok: false, violations }`
 * @example
 * ```ts
 * const r = createCheckedDocumentReference(store, doc, undefined);
 * if (!r.ok) console.log(r.violations.map((v) => v.path));
 * ```
 */
export function createCheckedDocumentReference(
  store: CreateTarget,
  body: unknown,
  validateStructure: StructureCheck | undefined,
): CreateResult<DocumentReference> {
  if (!isObject(body)) return notAnObject('DocumentReference');
  const rules = checkDocumentReferenceCreate(body, {
    tenantId: store.tenantId,
    patientExists: (pid) => store.get('Patient', pid) !== undefined,
    encounterPatient: (eid) => {
      const e = store.get<Encounter>('Encounter', eid);
      if (e === undefined) return undefined;
      return refId(e.subject?.reference, 'Patient') ?? null;
    },
  });
  const violations = violationsOf(rules, body as unknown as DocumentReference, validateStructure);
  if (violations.length > 0) return { ok: false, violations };
  const input = body as unknown as DocumentReference;
  const now = store.now();
  const id = store.allocateId();
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
  store.put(doc);
  return { ok: true, id, resource: doc };
}
