import type { DocumentReference } from 'fhir/r4.js';
import type { MockState } from '../state/mock-state.js';
import type { RuleViolation } from './rule-violation.js';

/**
 * Creates a DocumentReference under Cerner's rules (delegates to `state.store.createDocumentReference`).
 * Kept for callers that hold the mock's state; the HL7 listener can call the store directly.
 *
 * @param state - the mock's state
 * @param body - the parsed JSON body
 * @returns the stored resource, or every violated rule
 * @example
 * ```ts
 * const r = createDocumentReference(mock.state, body);
 * ```
 */
export function createDocumentReference(
  state: MockState,
  body: Record<string, unknown>,
): { ok: true; resource: DocumentReference } | { ok: false; violations: RuleViolation[] } {
  const r = state.store.createDocumentReference(body);
  return r.ok ? { ok: true, resource: r.resource } : r;
}

/**
 * Binary id prefix Cerner uses for a rendition, by content type: `XR` PDF, `XML` XML, `R` text/xml,
 * `TR` text (plain, HTML, RTF).
 *
 * @param contentType - the attachment's content type
 * @returns the prefix
 * @example
 * ```ts
 * binaryPrefix('application/pdf'); // 'XR'
 * ```
 */
export function binaryPrefix(contentType: string): string {
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/pdf') return 'XR';
  if (mime === 'text/xml') return 'R';
  if (mime.includes('xml')) return 'XML';
  return 'TR';
}

/**
 * What a read returns: like Cerner, the attachment has no `data` but a `url` to the Binary that
 * serves the content (`GET Binary/{prefix}-{id}`).
 *
 * @param doc - the stored document
 * @param base - the absolute FHIR base of this request
 * @returns a copy for the response
 * @example
 * ```ts
 * documentReferenceView(doc, 'http://127.0.0.1:8080/r4/tenant').content[0].attachment.url;
 * ```
 */
export function documentReferenceView(doc: DocumentReference, base: string): DocumentReference {
  return {
    ...doc,
    content: doc.content.map((c) => {
      const { data: _data, ...attachment } = c.attachment;
      return {
        ...c,
        attachment: {
          ...attachment,
          url: `${base}/Binary/${binaryPrefix(c.attachment.contentType ?? '')}-${doc.id}`,
        },
      };
    }),
  };
}
