import { Buffer } from 'node:buffer';
import type { Hl7Message } from '../codec/message.js';
import { parseHl7, type ParseHl7Options } from '../codec/parse.js';
import type { Hl7Repetition } from '../codec/repetition.js';
import { parseHl7DateTime } from '../datetime.js';
import { Hl7Error } from '../errors.js';
import { CODE_SET_72_CODING_SYSTEM } from './clinical-note-input.js';
import { contentTypeFromEd } from './note-parts.js';

/**
 * What {@link parseClinicalNote} reads back from an ORU^R01 or MDM^T02.
 *
 * @example
 * ```ts
 * const { mrn, text, file } = parseClinicalNote(oruText);
 * ```
 */
export interface ParsedClinicalNote {
  messageType: string;
  controlId?: string;
  /** The MRN: the PID-3 repetition typed MRN/MR (else the first one not typed PI). */
  mrn?: string;
  mrnAssigningAuthority?: string;
  /** The PID-3 repetition typed PI. */
  patientId?: string;
  /** PV1-19. */
  visitNumber?: string;
  /** PV1-50. */
  encounterId?: string;
  /** OBR-4.5 / OBX-3.5 / TXA-25. */
  title?: string;
  /** OBR-4.1 (ORU) or TXA-2.1 / OBX-3.1 (MDM), unless that code is a code set 72 one. */
  loincCode?: string;
  loincDisplay?: string;
  /** The document type when its coding system (CE.3) is `99CS72`: a Cerner code set 72 code. */
  noteTypeCode?: string;
  noteTypeDisplay?: string;
  /** OBR-8 (end of the documented period) as ISO 8601. */
  periodEnd?: string;
  /** The TX/FT/ST lines joined with `\n` (or the text of an HTML ED). */
  text?: string;
  /** `text/plain` for TX lines, `text/html` for an HTML ED. */
  contentType?: 'text/plain' | 'text/html';
  /** The first ED with data (not HTML text): base64 and MIME type. */
  file?: { data: string; contentType: string };
  /** OBR-7 / TXA-4 / TXA-6 / OBX-14 as ISO 8601 (offset kept when sent). */
  date?: string;
  authorId?: string;
  /** `Family, Given` (from OBR-32, OBX-16 or OBR-16 in an ORU; TXA-9 or TXA-5 in an MDM). */
  authorName?: string;
  /** OBR-3.1 / TXA-12.1. */
  documentId?: string;
  /** OBR-25 or the first OBX-11 (`F`, `P`, `C` …). */
  status?: string;
}

function put<K extends keyof ParsedClinicalNote>(
  o: ParsedClinicalNote,
  k: K,
  v: ParsedClinicalNote[K] | '' | undefined,
): void {
  if (v !== undefined && v !== '') o[k] = v;
}

function edToBase64(encoding: string, data: string): string {
  const e = encoding.toUpperCase();
  if (e === 'HEX') return Buffer.from(data, 'hex').toString('base64');
  if (e === 'A' || e === '') return Buffer.from(data, 'utf8').toString('base64');
  return data.replace(/\s+/g, '');
}

/**
 * Reads a clinical document back from an ORU^R01 or MDM^T02 (ours or another sender's): patient
 * identifiers, visit, document type and title, text lines, the first ED file, date, author.
 * The mock sandbox turns the result into a DocumentReference.
 *
 * @param message - the message, parsed or as ER7 text
 * @param options - limits for parsing text (`maxLength`, `maxRepetitions`)
 * @returns the note fields found
 * @throws Hl7ParseError for unparseable text or text past a limit; Hl7Error
 *   `unsupported_message` for other types
 * @example
 * ```ts
 * const note = parseClinicalNote(buildOruNote({ mrn: '1', text: 'a\nb' }));
 * note.text; // 'a\nb'
 * ```
 */
export function parseClinicalNote(
  message: Hl7Message | string,
  options: ParseHl7Options = {},
): ParsedClinicalNote {
  const msg = typeof message === 'string' ? parseHl7(message, options) : message;
  const kind = (msg.get('MSH-9.1') ?? '').toUpperCase();
  if (kind !== 'ORU' && kind !== 'MDM') {
    throw new Hl7Error('unsupported_message', `expected ORU or MDM, got ${kind || 'no MSH-9'}`, {
      segment: 1,
      field: 9,
    });
  }
  const out: ParsedClinicalNote = { messageType: msg.type };
  put(out, 'controlId', msg.controlId);

  const pid = msg.segment('PID');
  if (pid) {
    // One split of PID-3, each repetition read in place: linear in the field's length.
    let mrnRep: Hl7Repetition | undefined;
    let fallback: Hl7Repetition | undefined;
    for (const rep of pid.repetitions(3)) {
      const type = rep.text(5).toUpperCase();
      const id = rep.get(1);
      if (!id) continue;
      if (type === 'PI') put(out, 'patientId', id);
      else if (!mrnRep && (type === 'MRN' || type === 'MR')) mrnRep = rep;
      else fallback ??= rep;
    }
    mrnRep ??= fallback;
    if (mrnRep) {
      put(out, 'mrn', mrnRep.get(1));
      put(out, 'mrnAssigningAuthority', mrnRep.get(4, 1));
    }
  }
  put(out, 'visitNumber', msg.get('PV1-19.1'));
  put(out, 'encounterId', msg.get('PV1-50.1'));

  const isOru = kind === 'ORU';
  const typePath = isOru ? 'OBR-4' : msg.get('TXA-2.1') ? 'TXA-2' : 'OBX-3';
  const codeSet72 =
    (msg.get(`${typePath}.3`) ?? '').toUpperCase() === CODE_SET_72_CODING_SYSTEM.toUpperCase();
  put(out, codeSet72 ? 'noteTypeCode' : 'loincCode', msg.get(`${typePath}.1`));
  put(out, codeSet72 ? 'noteTypeDisplay' : 'loincDisplay', msg.get(`${typePath}.2`));
  put(out, 'title', msg.get('OBR-4.5') || msg.get('OBX-3.5') || msg.get('TXA-25'));
  put(out, 'documentId', isOru ? msg.get('OBR-3.1') : msg.get('TXA-12.1'));
  put(out, 'status', msg.get('OBR-25') || msg.get('OBX-11'));

  const when = msg.get('OBR-7') || msg.get('TXA-4') || msg.get('TXA-6') || msg.get('OBX-14');
  put(out, 'date', when ? parseHl7DateTime(when)?.iso : undefined);
  const end = isOru ? msg.get('OBR-8') : undefined;
  put(out, 'periodEnd', end ? parseHl7DateTime(end)?.iso : undefined);

  // Author: OBR-32 (principal interpreter), else OBX-16 (responsible observer), else OBR-16
  // (ordering provider) for ORU; TXA-9 (originator), else TXA-5 for MDM.
  const xcn = (path: string): string[] => [
    msg.get(`${path}.1`) ?? '',
    msg.get(`${path}.2`) ?? '',
    msg.get(`${path}.3`) ?? '',
  ];
  const ndl = [
    msg.get('OBR-32.1.1') ?? '',
    msg.get('OBR-32.1.2') ?? '',
    msg.get('OBR-32.1.3') ?? '',
  ];
  const candidates = isOru ? [ndl, xcn('OBX-16'), xcn('OBR-16')] : [xcn('TXA-9'), xcn('TXA-5')];
  const [aId, aFamily, aGiven] = candidates.find((c) => c[0] || c[1]) ?? [];
  put(out, 'authorId', aId);
  put(out, 'authorName', [aFamily, aGiven].filter(Boolean).join(', '));

  const lines: string[] = [];
  let sawText = false;
  for (const obx of msg.segmentsNamed('OBX')) {
    const type = (obx.get(2) ?? '').toUpperCase();
    if (type === 'TX' || type === 'FT' || type === 'ST') {
      sawText = true;
      lines.push(obx.getAll(5).join('\n'));
    } else if (type === 'ED') {
      const data = obx.get('5.5') ?? '';
      if (!data) continue;
      const contentType = contentTypeFromEd(obx.get('5.2') ?? '', obx.get('5.3') ?? '');
      const base64 = edToBase64(obx.get('5.4') ?? '', data);
      if (contentType === 'text/html' && out.text === undefined && !sawText) {
        out.text = Buffer.from(base64, 'base64').toString('utf8');
        out.contentType = 'text/html';
      } else if (!out.file) {
        out.file = { data: base64, contentType };
      }
    }
  }
  if (sawText) {
    out.text = lines.join('\n');
    out.contentType = 'text/plain';
  }
  return out;
}
