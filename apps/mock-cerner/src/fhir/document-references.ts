import type { DocumentReference } from 'fhir/r4.js';
import type { MockState } from '../state/mock-state.js';
import { checkDocumentReferenceCreate } from './document-reference-rules.js';
import type { RuleViolation } from './rule-violation.js';

/**
 * Creates a DocumentReference under Cerner's rules. Used by the FHIR route and by the HL7
 * listener (ORU/MDM documents), so both paths apply the same checks.
 */
export function createDocumentReference(
  state: MockState,
  body: Record<string, unknown>,
): { ok: true; resource: DocumentReference } | { ok: false; violations: RuleViolation[] } {
  const violations = checkDocumentReferenceCreate(body, {
    tenantId: state.tenantId,
    patientExists: (id) => state.store.get('Patient', id) !== undefined,
    encounterExists: (id) => state.store.get('Encounter', id) !== undefined,
  });
  if (violations.length > 0) return { ok: false, violations };
  const input = body as unknown as DocumentReference;
  const created = state.store.create<DocumentReference>({ ...input, date: input.date ?? new Date(state.now()).toISOString() }, '1');
  created.identifier = [{ system: 'https://fhir.cerner.com/ceuuid', value: `CE87caf4b7-9397-4667-9897-702218017c9e-${created.id}-${state.now()}` }];
  return { ok: true, resource: created };
}

/** Binary id prefix Cerner uses for a rendition, by content type. */
export function binaryPrefix(contentType: string): string {
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/pdf') return 'XR';
  if (mime.includes('xml')) return 'XML';
  return 'TR';
}

/**
 * What a read returns: like Cerner, the attachment has no `data` but a `url` to the Binary that
 * serves the content (`GET Binary/{prefix}-{id}`).
 */
export function documentReferenceView(doc: DocumentReference, base: string): DocumentReference {
  return {
    ...doc,
    content: doc.content.map((c) => {
      const { data: _data, ...attachment } = c.attachment;
      return {
        ...c,
        attachment: { ...attachment, url: `${base}/Binary/${binaryPrefix(c.attachment.contentType ?? '')}-${doc.id}` },
      };
    }),
  };
}
