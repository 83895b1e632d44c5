import { Buffer } from 'node:buffer';
import { invalidInput } from '../errors.js';

/**
 * One clinical document, the same input for {@link buildOruNote} and {@link buildMdmNote} (and
 * close to `createClinicalNote` of `@cerner-kit/fhir-r4-actions`). Give `text`, `file`, or both.
 *
 * @example
 * ```ts
 * const note: ClinicalNoteInput = { mrn: '7654321', text: 'Seen today.', loincCode: '11506-3' };
 * ```
 */
export interface ClinicalNoteInput {
  /** The FHIR Patient id (Millennium person id): a PID-3 repetition typed `PI`. */
  patientId?: string;
  /** The MRN: the first PID-3 repetition. */
  mrn?: string;
  /** CX.4 of the MRN (the alias pool, e.g. `NORTHWIND_MRN`). */
  mrnAssigningAuthority?: string;
  /** CX.5 of the MRN, default `MRN` (Cerner style); use `MR` for the HL7 code. */
  mrnTypeCode?: string;
  /** The FHIR Encounter id: PV1-50 (and PV1-19 when there is no `visitNumber`). */
  encounterId?: string;
  /** The visit number / FIN: PV1-19. */
  visitNumber?: string;
  /** The note text: one TX OBX per line (CRLF and CR are read as line breaks; empty lines are kept). */
  text?: string;
  /** A file: one ED OBX, base64. `data` is bytes or base64 text (whitespace is removed). */
  file?: { data: Uint8Array | string; contentType: string };
  /** Document title: CE.5 (alternate text) of OBR-4 and OBX-3, and TXA-25 from v2.6. */
  title?: string;
  /** Document type LOINC code, default `11506-3`. */
  loincCode?: string;
  /** Its display, default `Progress note` for 11506-3, else the code. */
  loincDisplay?: string;
  /** `text/plain` (default; TX lines) or `text/html` (sent as an ED OBX `^TEXT^HTML^Base64^…`). */
  contentType?: 'text/plain' | 'text/html';
  /** Author id (XCN.1 / CNN.1). */
  authorId?: string;
  /** Author name, `Family, Given` or just a family name. */
  authorName?: string;
  /** Clinical date of the note (OBR-7, OBX-14, TXA-4/6); default now. */
  date?: Date | string;
  /** Offset (minutes east of UTC) for timestamps; default: the offset of an ISO `date`, else 0. */
  timezoneOffsetMinutes?: number;
  /** Unique document number (OBR-3 / ORC-3 / TXA-12), default generated. */
  documentId?: string;
  /** Result status: `F` final (default), `P` preliminary, `C` corrected. */
  status?: 'F' | 'P' | 'C';
  /** PV1-2 patient class for MDM (required there), default `U`. */
  patientClass?: string;
  /** ED data style: HL7 table codes (`^AP^PDF^Base64^`, default) or MIME (`^application^pdf^Base64^`). */
  edStyle?: 'hl7' | 'mime';
  sendingApplication?: string;
  sendingFacility?: string;
  receivingApplication?: string;
  receivingFacility?: string;
  /** MSH-12, default `2.3`. */
  version?: string;
  /** MSH-11, default `P`. */
  processingId?: 'P' | 'T' | 'D';
  /** MSH-10, default generated. */
  controlId?: string;
  /** Clock (Date or epoch ms). */
  now?: () => Date | number;
  /** Id generator for MSH-10 and the document id. */
  idGenerator?: () => string;
}

/** @internal A validated, normalised note. */
export interface NormalizedNote {
  input: ClinicalNoteInput;
  lines?: string[];
  html?: string;
  file?: { base64: string; contentType: string };
  loincCode: string;
  loincDisplay: string;
  version: string;
}

const LOINC = /^\d{1,7}-\d$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MIME = /^[A-Za-z0-9][\w.+-]*\/[A-Za-z0-9][\w.+-]*$/;
const VERSION = /^2\.\d+(\.\d+)?$/;

function optionalString(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
    throw invalidInput(name, 'must be a non-empty string when given');
  }
}

/**
 * @internal Validates a note input before anything is built; errors name the field.
 * @throws Hl7Error `invalid_input`
 */
export function normalizeNoteInput(input: ClinicalNoteInput): NormalizedNote {
  if (typeof input !== 'object' || input === null) throw invalidInput('input', 'must be an object');
  for (const k of [
    'patientId',
    'mrn',
    'mrnAssigningAuthority',
    'mrnTypeCode',
    'encounterId',
    'visitNumber',
    'title',
    'loincDisplay',
    'authorId',
    'authorName',
    'documentId',
    'controlId',
    'patientClass',
  ] as const) {
    optionalString(k, input[k]);
  }
  if (input.mrn === undefined && input.patientId === undefined) {
    throw invalidInput('mrn', 'an MRN (or a patientId) is required');
  }
  if (input.text === undefined && input.file === undefined) {
    throw invalidInput('text', 'give text or a file');
  }
  if (input.text !== undefined && (typeof input.text !== 'string' || input.text.length === 0)) {
    throw invalidInput('text', 'must be a non-empty string');
  }
  const contentType = input.contentType ?? 'text/plain';
  if (contentType !== 'text/plain' && contentType !== 'text/html') {
    throw invalidInput('contentType', 'must be text/plain or text/html');
  }
  const loincCode = input.loincCode ?? '11506-3';
  if (!LOINC.test(loincCode)) throw invalidInput('loincCode', 'must be a LOINC code like 11506-3');
  const version = input.version ?? '2.3';
  if (!VERSION.test(version)) throw invalidInput('version', 'must look like 2.3 or 2.5.1');
  if (
    input.controlId !== undefined &&
    input.controlId.length > 20 &&
    !/^2\.([7-9]|\d\d)/.test(version)
  ) {
    throw invalidInput('controlId', 'must be at most 20 characters before v2.7');
  }
  if (input.status !== undefined && !['F', 'P', 'C'].includes(input.status)) {
    throw invalidInput('status', 'must be F, P or C');
  }
  if (
    input.date !== undefined &&
    !(input.date instanceof Date
      ? Number.isFinite(input.date.getTime())
      : typeof input.date === 'string' && Number.isFinite(Date.parse(input.date)))
  ) {
    throw invalidInput('date', 'must be a valid Date or ISO 8601 string');
  }
  const out: NormalizedNote = {
    input,
    loincCode,
    loincDisplay: input.loincDisplay ?? (loincCode === '11506-3' ? 'Progress note' : loincCode),
    version,
  };
  if (input.text !== undefined) {
    if (contentType === 'text/html') out.html = input.text;
    else out.lines = input.text.split(/\r\n|\r|\n/);
  }
  if (input.file !== undefined) {
    const { data, contentType: fileType } = input.file;
    if (typeof fileType !== 'string' || !MIME.test(fileType)) {
      throw invalidInput('file.contentType', 'must be a MIME type like application/pdf');
    }
    let base64: string;
    if (data instanceof Uint8Array) {
      base64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
    } else if (typeof data === 'string') {
      base64 = data.replace(/\s+/g, '');
      if (!BASE64.test(base64) || base64.length % 4 !== 0) {
        throw invalidInput('file.data', 'must be base64 or bytes');
      }
    } else {
      throw invalidInput('file.data', 'must be base64 or bytes');
    }
    if (base64.length === 0) throw invalidInput('file.data', 'is empty');
    out.file = { base64, contentType: fileType.toLowerCase() };
  }
  return out;
}
