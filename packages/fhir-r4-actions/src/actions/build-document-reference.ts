import type { DocumentReference } from 'fhir/r4.js';
import { DEFAULT_NOTE_LOINC, LOINC_SYSTEM } from '../cerner/constants.js';
import type { CreateClinicalNoteInput } from './schemas.js';

/**
 * The DocumentReference Cerner accepts for a clinical note (document-reference create rules):
 * status `current`, docStatus `final`, a LOINC type (default 11506-3 Progress note), the note as
 * base64 UTF-8 with an explicit charset, `context.encounter` and `context.period` with a time and
 * a timezone.
 *
 * @example
 * ```ts
 * buildDocumentReference({ patientId: '12724066', encounterId: '97939518', text: 'Doing well.' }, new Date());
 * ```
 */
export function buildDocumentReference(input: CreateClinicalNoteInput, now: Date): DocumentReference {
  const when = input.date ? new Date(input.date).toISOString() : now.toISOString();
  const contentType = `${input.contentType ?? 'text/plain'};charset=utf-8`;
  const code = input.loincCode ?? DEFAULT_NOTE_LOINC.code;
  const display = input.loincDisplay ?? (code === DEFAULT_NOTE_LOINC.code ? DEFAULT_NOTE_LOINC.display : undefined);
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: input.docStatus ?? 'final',
    type: { coding: [{ system: LOINC_SYSTEM, code, ...(display ? { display } : {}) }], ...(display ? { text: display } : {}) },
    subject: { reference: `Patient/${input.patientId}` },
    ...(input.authorId ? { author: [{ reference: `Practitioner/${input.authorId}` }] } : {}),
    content: [
      {
        attachment: {
          contentType,
          data: Buffer.from(input.text, 'utf8').toString('base64'),
          ...(input.title ? { title: input.title } : {}),
          creation: when,
        },
      },
    ],
    context: { encounter: [{ reference: `Encounter/${input.encounterId}` }], period: { start: when, end: when } },
  };
}
