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
  /** Document type LOINC code, default `11506-3` (unless `noteTypeCode` is given). */
  loincCode?: string;
  /** Its display, default `Progress note` for 11506-3, else the code. */
  loincDisplay?: string;
  /**
   * A Cerner code set 72 document type instead of LOINC (as in `createClinicalNote`; never both):
   * sent as `code^display^99CS72` (a local coding system, see {@link CODE_SET_72_CODING_SYSTEM}).
   */
  noteTypeCode?: string;
  /** Display of `noteTypeCode`, default the code. */
  noteTypeDisplay?: string;
  /** `text/plain` (default; TX lines) or `text/html` (sent as an ED OBX `^TEXT^HTML^Base64^…`). */
  contentType?: 'text/plain' | 'text/html';
  /** Author id (XCN.1 / CNN.1). */
  authorId?: string;
  /** Author name, `Family, Given` or just a family name. */
  authorName?: string;
  /** Clinical date of the note (OBR-7, OBX-14, TXA-4); default `periodStart`, else `periodEnd`, else now. */
  date?: Date | string;
  /** `createClinicalNote`'s start of the documented period (ISO 8601): the clinical date when `date` is not given. */
  periodStart?: string;
  /**
   * `createClinicalNote`'s end of the documented period (ISO 8601): OBR-8 in an ORU; an MDM has
   * no place for it, so there it is refused together with `date` or `periodStart`.
   */
  periodEnd?: string;
  /** When the document was written (ISO 8601): OBR-22 (ORU, default now) and TXA-6 (MDM, default the date). */
  creation?: string;
  /** `createClinicalNote`'s status: `final` is `F`, `amended` is `C` (must agree with `status` when both are given). */
  docStatus?: 'final' | 'amended';
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

/**
 * The CE.3 coding system name the builders send a Cerner code set 72 `noteTypeCode` with (HL7
 * table 0396 reserves `99zzz` for local systems). Sites usually expect their own contributor
 * source alias in OBR-4 / TXA-2; ask the interface analyst.
 *
 * @example
 * ```ts
 * buildOruNote({ mrn, text, noteTypeCode: '2820507' }).get('OBR-4.3') === CODE_SET_72_CODING_SYSTEM;
 * ```
 */
export const CODE_SET_72_CODING_SYSTEM = '99CS72';

/** Every key of {@link ClinicalNoteInput}: anything else is refused, never silently ignored. */
const KNOWN_KEYS: ReadonlySet<string> = new Set<keyof ClinicalNoteInput>([
  'patientId',
  'mrn',
  'mrnAssigningAuthority',
  'mrnTypeCode',
  'encounterId',
  'visitNumber',
  'text',
  'file',
  'title',
  'loincCode',
  'loincDisplay',
  'noteTypeCode',
  'noteTypeDisplay',
  'contentType',
  'authorId',
  'authorName',
  'date',
  'periodStart',
  'periodEnd',
  'creation',
  'docStatus',
  'timezoneOffsetMinutes',
  'documentId',
  'status',
  'patientClass',
  'edStyle',
  'sendingApplication',
  'sendingFacility',
  'receivingApplication',
  'receivingFacility',
  'version',
  'processingId',
  'controlId',
  'now',
  'idGenerator',
]);

/** @internal A validated, normalised note. */
export interface NormalizedNote {
  input: ClinicalNoteInput;
  lines?: string[];
  html?: string;
  file?: { base64: string; contentType: string };
  /** The document type as CE components: code, display, coding system (`LN` or `99CS72`). */
  type: [string, string, string];
  /** The clinical date (OBR-7, OBX-14, TXA-4), undefined for now. */
  date?: Date | string;
  /** `F`, `P` or `C`. */
  status: 'F' | 'P' | 'C';
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
  for (const k of Object.keys(input)) {
    if (!KNOWN_KEYS.has(k)) throw invalidInput(k, 'is not a clinical note option');
  }
  for (const k of [
    'patientId',
    'mrn',
    'mrnAssigningAuthority',
    'mrnTypeCode',
    'encounterId',
    'visitNumber',
    'title',
    'loincDisplay',
    'noteTypeCode',
    'noteTypeDisplay',
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
  if (input.noteTypeCode !== undefined) {
    if (input.loincCode !== undefined || input.loincDisplay !== undefined) {
      throw invalidInput('noteTypeCode', 'give loincCode or noteTypeCode, not both');
    }
    if (!/^\d{1,18}$/.test(input.noteTypeCode)) {
      throw invalidInput('noteTypeCode', 'must be a Cerner code set 72 code such as 2820507');
    }
  } else if (input.noteTypeDisplay !== undefined) {
    throw invalidInput('noteTypeDisplay', 'needs noteTypeCode');
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
    input.docStatus !== undefined &&
    input.docStatus !== 'final' &&
    input.docStatus !== 'amended'
  ) {
    throw invalidInput('docStatus', 'must be final or amended');
  }
  const fromDocStatus = input.docStatus === 'amended' ? 'C' : input.docStatus ? 'F' : undefined;
  if (fromDocStatus && input.status !== undefined && input.status !== fromDocStatus) {
    throw invalidInput('docStatus', `${input.docStatus} contradicts status ${input.status}`);
  }
  const validDate = (d: unknown): boolean =>
    d instanceof Date
      ? Number.isFinite(d.getTime())
      : typeof d === 'string' && Number.isFinite(Date.parse(d));
  if (input.date !== undefined && !validDate(input.date)) {
    throw invalidInput('date', 'must be a valid Date or ISO 8601 string');
  }
  for (const k of ['periodStart', 'periodEnd', 'creation'] as const) {
    if (input[k] !== undefined && (typeof input[k] !== 'string' || !validDate(input[k]))) {
      throw invalidInput(k, 'must be an ISO 8601 date-time string');
    }
  }
  const type: [string, string, string] =
    input.noteTypeCode !== undefined
      ? [input.noteTypeCode, input.noteTypeDisplay ?? input.noteTypeCode, CODE_SET_72_CODING_SYSTEM]
      : [
          loincCode,
          input.loincDisplay ?? (loincCode === '11506-3' ? 'Progress note' : loincCode),
          'LN',
        ];
  const out: NormalizedNote = {
    input,
    type,
    status: input.status ?? fromDocStatus ?? 'F',
    version,
  };
  const date = input.date ?? input.periodStart ?? input.periodEnd;
  if (date !== undefined) out.date = date;
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
