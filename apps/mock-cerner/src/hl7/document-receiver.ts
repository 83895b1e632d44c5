import type { Encounter, Patient } from 'fhir/r4.js';
import {
  parseClinicalNote,
  type Hl7Message,
  type ParsedClinicalNote,
} from '@cerner-kit/hl7-adapters';
import { createDocumentReference } from '../fhir/document-references.js';
import { refId } from '../fhir/store.js';
import type { MockState } from '../state/mock-state.js';
import { findDelivered, rememberDelivered } from './delivered-documents.js';
import { cernerContentType, noteToDocumentReference } from './note-to-document-reference.js';
import { mockAck } from './reply-header.js';
import type { Hl7ResponderOptions } from './reply-options.js';

const LOINC = /^\d{1,7}-\d$/;

/** What {@link receiveDocument} did: the ACK to send and, when stored, the new document's id. */
export interface ReceivedDocument {
  ack: Hl7Message;
  /** The DocumentReference id, when the note was stored (ACK AA). */
  documentReferenceId?: string;
  /** True when the message was a retransmission of a stored document: nothing new was stored. */
  duplicate?: boolean;
}

/**
 * The patient of a note: by MRN (PID-3 typed MRN/MR, else the first non-PI repetition) in the
 * store's MRN system, else by the FHIR id sent typed `PI`.
 *
 * @param state - the mock's state
 * @param note - the parsed note
 * @returns the active patient, or undefined
 * @example
 * ```ts
 * resolveNotePatient(state, { messageType: 'ORU^R01', mrn: '292392' })?.id; // '13115400'
 * ```
 */
export function resolveNotePatient(
  state: MockState,
  note: ParsedClinicalNote,
): Patient | undefined {
  if (note.mrn) {
    const byMrn = state.store.findPatientByMrn(note.mrn);
    if (byMrn) return byMrn;
  }
  if (note.patientId) {
    const p = state.store.get<Patient>('Patient', note.patientId);
    if (p && p.active !== false) return p;
  }
  return undefined;
}

/**
 * The patient's encounter a note names: PV1-50 (the FHIR encounter id), else PV1-19 (the visit
 * number) as an encounter id or as the value of one of the patient's encounter identifiers (the
 * FIN). Encounters of other patients are ignored.
 *
 * @param state - the mock's state
 * @param note - the parsed note
 * @param patientId - the resolved patient
 * @returns the encounter id, or undefined (the document is then stored without an encounter)
 * @example
 * ```ts
 * resolveNoteEncounter(state, { messageType: 'ORU^R01', visitNumber: 'FIN97939518' }, '12724066'); // '97939518'
 * ```
 */
export function resolveNoteEncounter(
  state: MockState,
  note: ParsedClinicalNote,
  patientId: string,
): string | undefined {
  const ofPatient = (e: Encounter | undefined): boolean =>
    e !== undefined && refId(e.subject?.reference, 'Patient') === patientId;
  for (const candidate of [note.encounterId, note.visitNumber]) {
    if (!candidate) continue;
    const byId = state.store.get<Encounter>('Encounter', candidate);
    if (ofPatient(byId)) return byId!.id;
  }
  if (note.visitNumber) {
    const match = state.store
      .encountersOf(patientId)
      .find((e) => e.identifier?.some((i) => i.value === note.visitNumber));
    if (match) return match.id;
  }
  return undefined;
}

/**
 * Stores an ORU^R01 / MDM^T02 clinical document as a DocumentReference, under the same Cerner
 * rules as `POST DocumentReference` (`createDocumentReference`), and builds the ACK:
 * - AA (MSA-2 = MSH-10) when stored;
 * - AE + ERR 204 at PID-3 when the patient is unknown;
 * - AE + ERR 103 at OBR-25 for a preliminary (`P`) result (Cerner stores final or amended notes);
 * - AE + ERR 207 listing the violated rules (paths only) when the store refuses the document;
 * - AE + ERR 103 at OBX-5 for a file of a type DocumentReference does not accept (nothing is
 *   stored rather than part of the note);
 * - TX lines and an ED file in one message (what `buildOruNote({ text, file })` sends): one
 *   DocumentReference with both, the file first and the text as a second `text/plain` rendition;
 * - AR + ERR 101 when the message has no PID-3 or no note content;
 * - a retransmission (same sender MSH-3/4, MSH-10 and content) of a stored document: AA again,
 *   with the same DocumentReference and no second one; the same MSH-10 with other content: AR +
 *   ERR 205 at MSH-10.
 *
 * @param state - the mock's state
 * @param message - the parsed ORU^R01 or MDM^T02
 * @param options - ids, application name
 * @returns the ACK and the stored document's id
 * @throws Hl7Error `unsupported_message` when the message is neither ORU nor MDM
 * @example
 * ```ts
 * const { ack, documentReferenceId } = receiveDocument(mock.state, parseHl7(oruText), {});
 * ```
 */
export function receiveDocument(
  state: MockState,
  message: Hl7Message,
  options: Hl7ResponderOptions,
): ReceivedDocument {
  const parsed = parseClinicalNote(message);
  const note: ParsedClinicalNote = { ...parsed };
  if (note.loincCode && !LOINC.test(note.loincCode)) {
    const obx = message.get('OBX-3.1');
    if (obx && LOINC.test(obx)) {
      note.loincCode = obx;
      const display = message.get('OBX-3.2');
      if (display) note.loincDisplay = display;
      else delete note.loincDisplay;
    } else {
      delete note.loincCode;
      delete note.loincDisplay;
    }
  }
  // Original-mode codes: in enhanced mode the commit ACK is sent before this (enhanced-ack.ts).
  const ack = (a: Parameters<typeof mockAck>[2]): Hl7Message => mockAck(state, message, a, options);

  if (!note.mrn && !note.patientId) {
    return {
      ack: ack({
        code: 'AR',
        text: 'PID-3 (patient identifier) is required',
        errorCode: '101',
        errorLocation: { segment: 'PID', field: 3 },
      }),
    };
  }
  if (note.text === undefined && note.file === undefined) {
    return {
      ack: ack({
        code: 'AR',
        text: 'the message carries no note content (OBX-5)',
        errorCode: '101',
        errorLocation: { segment: 'OBX', field: 5 },
      }),
    };
  }
  if (note.file && cernerContentType(note.file.contentType) === undefined) {
    return {
      ack: ack({
        code: 'AE',
        text: `DocumentReference does not accept ${note.file.contentType.slice(0, 60)}; send PDF, plain text, RTF, HTML or XML`,
        errorCode: '103',
        errorLocation: { segment: 'OBX', field: 5 },
      }),
    };
  }
  const earlier = findDelivered(state, message);
  if (earlier?.kind === 'same') {
    return {
      ack: ack({ code: 'AA' }),
      documentReferenceId: earlier.documentReferenceId,
      duplicate: true,
    };
  }
  if (earlier?.kind === 'conflict') {
    return {
      ack: ack({
        code: 'AR',
        text: 'MSH-10 already carried a different document from this sender; control ids must be unique',
        errorCode: '205',
        errorLocation: { segment: 'MSH', field: 10 },
      }),
    };
  }
  const patient = resolveNotePatient(state, note);
  if (!patient?.id) {
    return {
      ack: ack({
        code: 'AE',
        text: 'Unknown patient',
        errorCode: '204',
        errorLocation: { segment: 'PID', field: 3 },
      }),
    };
  }
  if (note.status?.toUpperCase() === 'P') {
    return {
      ack: ack({
        code: 'AE',
        text: 'preliminary results are not stored; send F (final) or C (corrected)',
        errorCode: '103',
        errorLocation: { segment: 'OBR', field: 25 },
      }),
    };
  }
  const encounterId = resolveNoteEncounter(state, note, patient.id);
  const practitionerId =
    note.authorId && state.store.get('Practitioner', note.authorId) ? note.authorId : undefined;
  const body = noteToDocumentReference(note, {
    patientId: patient.id,
    now: state.now(),
    tenantId: state.tenantId,
    ...(encounterId !== undefined ? { encounterId } : {}),
    ...(practitionerId !== undefined ? { practitionerId } : {}),
  });
  if (!body) {
    return {
      ack: ack({
        code: 'AR',
        text: 'the message carries no note content (OBX-5)',
        errorCode: '101',
        errorLocation: { segment: 'OBX', field: 5 },
      }),
    };
  }
  const created = createDocumentReference(state, body as unknown as Record<string, unknown>);
  if (!created.ok) {
    const text = `DocumentReference rejected: ${created.violations.map((v) => `${v.path} ${v.text}`).join('; ')}`;
    return {
      ack: ack({
        code: 'AE',
        text: text.slice(0, 500),
        errorCode: '207',
        errorText: 'Application internal error',
      }),
    };
  }
  // TX lines beside the ED original (what buildOruNote({ text, file }) sends, hl7.md §1.5
  // "many receivers want both forms"): one document, the original first, the text as a second
  // rendition. Cerner's create takes one attachment, so the text is added to the stored copy.
  let stored = created.resource;
  if (note.file && note.text !== undefined && note.text.trim() !== '') {
    stored = {
      ...stored,
      content: [
        ...stored.content,
        {
          attachment: {
            contentType: `${note.contentType ?? 'text/plain'};charset=utf-8`,
            data: Buffer.from(note.text, 'utf8').toString('base64'),
            ...(note.title !== undefined ? { title: note.title } : {}),
          },
        },
      ],
    };
    state.store.put(stored);
  }
  rememberDelivered(state, message, stored);
  return { ack: ack({ code: 'AA' }), documentReferenceId: stored.id! };
}
