import { createHash } from 'node:crypto';
import type { DocumentReference } from 'fhir/r4.js';
import type { Hl7Message } from '@cerner-kit/hl7-adapters';
import type { DeliveredDocument, MockState } from '../state/mock-state.js';

/** How many delivered documents per mock are remembered for duplicate detection. */
export const DELIVERED_DOCUMENTS_REMEMBERED = 10_000;

/** Sender (MSH-3, MSH-4) and MSH-10: a sender's control ids are unique, so this names one message. */
function keyOf(message: Hl7Message): string {
  return [message.get('MSH-3') ?? '', message.get('MSH-4') ?? '', message.controlId ?? ''].join(
    '\u0000',
  );
}

/** A digest of everything but the MSH (a retransmission may carry a new MSH-7). */
function fingerprintOf(message: Hl7Message): string {
  const hash = createHash('sha256');
  for (const seg of message.segments.slice(1)) hash.update(seg.toString()).update('\r');
  return hash.digest('hex');
}

/**
 * What the mock remembers of a document message it already stored, looked up by sender and MSH-10:
 * `same` when the message is a retransmission (same content) whose DocumentReference is still
 * stored, `conflict` when that control id already carried a different document, or undefined.
 * A reset store forgets (the remembered resource is no longer the stored one).
 *
 * @param state - the mock's state
 * @param message - the incoming ORU^R01 / MDM^T02
 * @returns the earlier delivery, or undefined
 * @example
 * ```ts
 * const earlier = findDelivered(state, message);
 * if (earlier?.kind === 'same') console.log(earlier.documentReferenceId);
 * ```
 */
export function findDelivered(
  state: MockState,
  message: Hl7Message,
): { kind: 'same'; documentReferenceId: string } | { kind: 'conflict' } | undefined {
  const seen = state.deliveredDocuments.get(keyOf(message));
  if (!seen?.doc.id || state.store.get('DocumentReference', seen.doc.id) !== seen.doc) {
    return undefined;
  }
  return seen.fingerprint === fingerprintOf(message)
    ? { kind: 'same', documentReferenceId: seen.doc.id }
    : { kind: 'conflict' };
}

/**
 * Remembers that a document message was stored as `doc` (the stored resource), so a
 * retransmission is answered again without a second DocumentReference.
 *
 * @param state - the mock's state
 * @param message - the stored ORU^R01 / MDM^T02
 * @param doc - the DocumentReference it became (as stored)
 * @example
 * ```ts
 * rememberDelivered(state, message, created.resource);
 * ```
 */
export function rememberDelivered(
  state: MockState,
  message: Hl7Message,
  doc: DocumentReference,
): void {
  const seen: Map<string, DeliveredDocument> = state.deliveredDocuments;
  const key = keyOf(message);
  seen.delete(key);
  seen.set(key, { fingerprint: fingerprintOf(message), doc });
  if (seen.size > DELIVERED_DOCUMENTS_REMEMBERED) {
    seen.delete(seen.keys().next().value!);
  }
}
