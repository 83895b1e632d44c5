import type { DocumentReference } from 'fhir/r4.js';
import type { ParsedClinicalNote } from '@cerner-kit/hl7-adapters';
import { SUPPORTED_CONTENT_TYPES } from '../fhir/document-reference-rules.js';

const LOINC_SYSTEM = 'http://loinc.org';
const DEFAULT_LOINC = { code: '11506-3', display: 'Progress note' };

/**
 * An HL7 date/time already read as ISO (`2024-03-15T10:15:00-05:00`, `2024-03-15T10:15:00`,
 * `2024-03-15`) as an instant. Values without an offset are read as UTC; date-only values as
 * midnight UTC.
 *
 * @param iso - the ISO text from `parseClinicalNote`
 * @returns `YYYY-MM-DDTHH:MM:SS.sssZ`, or undefined when it is not a date
 * @example
 * ```ts
 * noteInstant('2024-03-15T10:15:00-05:00'); // '2024-03-15T15:15:00.000Z'
 * ```
 */
export function noteInstant(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  let text = iso;
  if (/^\d{4}$/.test(text)) text = `${text}-01-01`;
  else if (/^\d{4}-\d{2}$/.test(text)) text = `${text}-01`;
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text}Z`;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * The attachment content type Cerner accepts for a MIME type, or undefined when it accepts none.
 *
 * @param mime - the ED's MIME type
 * @returns e.g. `application/pdf`, `text/rtf;charset=utf-8`, or undefined
 * @example
 * ```ts
 * cernerContentType('image/png'); // undefined
 * ```
 */
export function cernerContentType(mime: string): string | undefined {
  const base = mime.split(';')[0]!.trim().toLowerCase();
  if (!(SUPPORTED_CONTENT_TYPES as readonly string[]).includes(base)) return undefined;
  return base === 'application/pdf' ? base : `${base};charset=utf-8`;
}

/**
 * Turns a clinical note read from an ORU^R01 / MDM^T02 into the DocumentReference body the FHIR
 * `createClinicalNote` action would POST (status `current`, docStatus `final`, or `amended` for a
 * corrected result `C`; LOINC type from OBR-4 / TXA-2, default 11506-3, or the code set 72 type
 * when the message sent one (`^99CS72`); one attachment; context period from the observation
 * time to OBR-8 when sent, else `now`). The attachment is the ED file when the message
 * carries one in a content type Cerner accepts, else the text (`text/plain;charset=utf-8`, or
 * `text/html;charset=utf-8`), base64.
 *
 * @param note - the parsed note
 * @param refs - the resolved patient id, the encounter id (omitted when unknown), an author
 *   Practitioner id (only when it is stored), and the time to use when the message has none
 * @returns the body, or undefined when the note has no content Cerner can store
 * @example
 * ```ts
 * noteToDocumentReference(parseClinicalNote(oru), { patientId: '12724066', now: Date.now() });
 * ```
 */
export function noteToDocumentReference(
  note: ParsedClinicalNote,
  refs: {
    patientId: string;
    encounterId?: string;
    practitionerId?: string;
    now: number;
    /** The tenant of the code set 72 system, for a note typed with `noteTypeCode`. */
    tenantId?: string;
  },
): DocumentReference | undefined {
  let attachment: { contentType: string; data: string } | undefined;
  const fileType = note.file ? cernerContentType(note.file.contentType) : undefined;
  if (note.file && fileType) {
    attachment = { contentType: fileType, data: note.file.data };
  } else if (note.text !== undefined && note.text.trim() !== '') {
    attachment = {
      contentType: `${note.contentType ?? 'text/plain'};charset=utf-8`,
      data: Buffer.from(note.text, 'utf8').toString('base64'),
    };
  }
  if (!attachment) return undefined;
  const codeSet72 = note.noteTypeCode !== undefined && refs.tenantId !== undefined;
  const code = codeSet72
    ? note.noteTypeCode!
    : note.loincCode && /^\d{1,7}-\d$/.test(note.loincCode)
      ? note.loincCode
      : DEFAULT_LOINC.code;
  const display = codeSet72
    ? note.noteTypeDisplay
    : (note.loincDisplay ?? (code === DEFAULT_LOINC.code ? DEFAULT_LOINC.display : undefined));
  const system = codeSet72 ? `https://fhir.cerner.com/${refs.tenantId}/codeSet/72` : LOINC_SYSTEM;
  const when = noteInstant(note.date) ?? new Date(refs.now).toISOString();
  const end = noteInstant(note.periodEnd) ?? when;
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: note.status?.toUpperCase() === 'C' ? 'amended' : 'final',
    type: {
      coding: [
        {
          system,
          code,
          ...(display !== undefined ? { display } : {}),
          // as createClinicalNote sends a code set 72 type
          ...(codeSet72 ? { userSelected: true } : {}),
        },
      ],
      ...(display !== undefined ? { text: display } : {}),
    },
    subject: { reference: `Patient/${refs.patientId}` },
    ...(refs.practitionerId !== undefined
      ? { author: [{ reference: `Practitioner/${refs.practitionerId}` }] }
      : {}),
    content: [
      { attachment: { ...attachment, ...(note.title !== undefined ? { title: note.title } : {}) } },
    ],
    context: {
      ...(refs.encounterId !== undefined
        ? { encounter: [{ reference: `Encounter/${refs.encounterId}` }] }
        : {}),
      period: { start: when, end },
    },
  };
}
