import {
  buildDocumentReference,
  createClinicalNoteInput,
  FhirActionError,
  type CernerClient,
  type CreateClinicalNoteInput,
} from '@cerner-kit/fhir-r4-actions';
import type { Binary, Bundle, DocumentReference, Patient } from 'fhir/r4.js';
import { DELIVERY_IDENTIFIER_SYSTEM } from './freeze.js';

/** @internal Reconciling needs a read scope the app lacks: never resend blindly. */
export class ReviewNeeded extends Error {
  readonly missingScopes: string[];
  constructor(missingScopes: string[]) {
    super(`reconciling needs ${missingScopes.join(', ')}`);
    this.missingScopes = missingScopes;
  }
}

/** @internal The parts of a client reconciliation uses. */
export type ReconcileClient = Pick<CernerClient, 'request'>;

const MAX_PAGES = 50;

async function read(
  client: ReconcileClient,
  path: string,
  scope: string,
  signal?: AbortSignal,
): Promise<unknown> {
  try {
    const res = await client.request({
      method: 'GET',
      path,
      requiredScopes: [scope],
      ...(signal ? { signal } : {}),
    });
    return res.body;
  } catch (e) {
    if (FhirActionError.isInstance(e) && (e.code === 'missing_scope' || e.code === 'forbidden')) {
      throw new ReviewNeeded(
        e.missingScopes && e.missingScopes.length > 0 ? e.missingScopes : [scope],
      );
    }
    throw e;
  }
}

async function searchAll<T>(
  client: ReconcileClient,
  first: string,
  scope: string,
  signal?: AbortSignal,
): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = first;
  for (let page = 0; next !== undefined && page < MAX_PAGES; page++) {
    const bundle = (await read(client, next, scope, signal)) as Bundle | undefined;
    for (const e of bundle?.entry ?? []) if (e.resource) out.push(e.resource as T);
    next = bundle?.link?.find((l) => l.relation === 'next')?.url;
  }
  return out;
}

/**
 * @internal Finds a Patient created by an in-doubt attempt through the identifier the job gave
 * it. Needs `system/Patient.read`.
 *
 * @returns the Patient id, or undefined when none carries the identifier
 * @throws ReviewNeeded when the app lacks the read scope; FhirActionError for other failures
 */
export async function findDeliveredPatient(
  client: ReconcileClient,
  deliveryId: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const ident = encodeURIComponent(`${DELIVERY_IDENTIFIER_SYSTEM}|${deliveryId}`);
  const found = await searchAll<Patient>(
    client,
    `Patient?identifier=${ident}`,
    'system/Patient.read',
    signal,
  );
  const match = found.find(
    (p) =>
      p.resourceType === 'Patient' &&
      p.identifier?.some((i) => i.system === DELIVERY_IDENTIFIER_SYSTEM && i.value === deliveryId),
  );
  return match?.id;
}

const sameInstant = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);

/**
 * @internal Finds a DocumentReference created by an in-doubt attempt: search by patient and
 * encounter, keep those with the same type and period, and confirm by content through the
 * Binary rendition. Needs `system/DocumentReference.read` and `system/Binary.read`.
 *
 * @param exclude - ids already claimed by other deliveries (two identical notes stay two)
 * @returns the DocumentReference id, or undefined when the search proves none stored
 * @throws ReviewNeeded when a read scope is missing; FhirActionError for other failures
 */
export async function findDeliveredNote(
  client: ReconcileClient,
  input: CreateClinicalNoteInput,
  tenantId: string,
  exclude: (ids: string[]) => Promise<Set<string>>,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const expected = buildDocumentReference(createClinicalNoteInput.parse(input), 0, tenantId);
  const coding = expected.type?.coding?.[0];
  const period = expected.context?.period;
  const wanted = Buffer.from(expected.content[0]!.attachment.data!, 'base64');
  const docs = await searchAll<DocumentReference>(
    client,
    `DocumentReference?patient=${encodeURIComponent(input.patientId)}&encounter=${encodeURIComponent(input.encounterId)}`,
    'system/DocumentReference.read',
    signal,
  );
  const candidates = docs.filter(
    (d) =>
      d.resourceType === 'DocumentReference' &&
      d.id !== undefined &&
      d.type?.coding?.some((c) => c.code === coding?.code && c.system === coding?.system) ===
        true &&
      sameInstant(d.context?.period?.start, period?.start) &&
      sameInstant(d.context?.period?.end, period?.end),
  );
  if (candidates.length === 0) return undefined;
  const taken = await exclude(candidates.map((d) => d.id!));
  for (const doc of candidates) {
    if (taken.has(doc.id!)) continue;
    const attachment = doc.content?.[0]?.attachment;
    let data = attachment?.data;
    if (data === undefined && attachment?.url) {
      const binary = (await read(client, attachment.url, 'system/Binary.read', signal)) as
        Binary | undefined;
      data = binary?.data;
    }
    if (data !== undefined && Buffer.from(data, 'base64').equals(wanted)) return doc.id;
  }
  return undefined;
}
