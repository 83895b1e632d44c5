import { Buffer } from 'node:buffer';
import type { Hl7Message } from '../codec/message.js';
import type { Hl7Segment } from '../codec/segment.js';
import { formatHl7DateTime } from '../datetime.js';
import { defaultIdGenerator, resolveNow } from '../ids.js';
import type { NormalizedNote } from './clinical-note-input.js';

const ED_HL7: Record<string, [string, string]> = {
  'application/pdf': ['AP', 'PDF'],
  'application/rtf': ['TEXT', 'RTF'],
  'text/rtf': ['TEXT', 'RTF'],
  'text/html': ['TEXT', 'HTML'],
  'text/xml': ['TEXT', 'XML'],
  'application/xml': ['AP', 'XML'],
  'text/plain': ['TEXT', 'TEXT'],
  'image/jpeg': ['IM', 'JPEG'],
  'image/tiff': ['IM', 'TIFF'],
  'image/gif': ['IM', 'GIF'],
  'image/png': ['IM', 'PNG'],
  'application/octet-stream': ['AP', 'Octet-stream'],
};

/**
 * @internal ED.2/ED.3 for a MIME type: HL7 table codes when known, else type^subtype.
 */
export function edTypeFor(contentType: string, style: 'hl7' | 'mime' = 'hl7'): [string, string] {
  const known = style === 'hl7' ? ED_HL7[contentType] : undefined;
  if (known) return known;
  const [type = '', subtype = ''] = contentType.split('/');
  return [type, subtype];
}

/** @internal The MIME type for ED.2/ED.3 (either style). */
export function contentTypeFromEd(type: string, subtype: string): string {
  const t = type.toUpperCase();
  const s = subtype.toUpperCase();
  for (const [mime, [a, b]] of Object.entries(ED_HL7)) {
    if (a === t && b.toUpperCase() === s) return mime;
  }
  if (t === 'AP' || t === 'APPLICATION') return `application/${subtype.toLowerCase()}`;
  if (t === 'IM' || t === 'IMAGE') return `image/${subtype.toLowerCase()}`;
  if (t === 'TEXT') return `text/${subtype.toLowerCase()}`;
  return `${type.toLowerCase()}/${subtype.toLowerCase()}`;
}

/** @internal Timestamps and ids shared by both builders. */
export interface NoteContext {
  now: string;
  date: string;
  /** `periodEnd`, when given. */
  end?: string;
  /** `creation`, when given. */
  creation?: string;
  controlId: string;
  documentId: string;
}

/** @internal */
export function noteContext(note: NormalizedNote): NoteContext {
  const i = note.input;
  const gen = i.idGenerator ?? defaultIdGenerator;
  const nowDate = resolveNow(i.now);
  const offsetOf = (d: Date | string): number | undefined => {
    if (i.timezoneOffsetMinutes !== undefined || typeof d !== 'string') {
      return i.timezoneOffsetMinutes;
    }
    return undefined; // formatHl7DateTime takes the ISO string's own offset
  };
  const date = note.date ?? nowDate;
  const ctx: NoteContext = {
    now: formatHl7DateTime(nowDate, { offsetMinutes: i.timezoneOffsetMinutes }),
    date: formatHl7DateTime(date, { offsetMinutes: offsetOf(date) }),
    controlId: i.controlId ?? gen(),
    documentId: i.documentId ?? gen(),
  };
  if (i.periodEnd !== undefined) {
    ctx.end = formatHl7DateTime(i.periodEnd, { offsetMinutes: offsetOf(i.periodEnd) });
  }
  if (i.creation !== undefined) {
    ctx.creation = formatHl7DateTime(i.creation, { offsetMinutes: offsetOf(i.creation) });
  }
  return ctx;
}

/** @internal MSH-3..12 for a note. */
export function fillNoteMsh(
  msg: Hl7Message,
  note: NormalizedNote,
  ctx: NoteContext,
  type: [string, string, string],
): void {
  const i = note.input;
  const msh = msg.segment('MSH')!;
  msh.set(3, i.sendingApplication ?? '');
  msh.set(4, i.sendingFacility ?? '');
  msh.set(5, i.receivingApplication ?? '');
  msh.set(6, i.receivingFacility ?? '');
  msh.set(7, ctx.now);
  msh.setField(9, note.version === '2.3' ? type.slice(0, 2) : type);
  msh.set(10, ctx.controlId);
  msh.set(11, i.processingId ?? 'P');
  msh.set(12, note.version);
}

/** @internal PID with PID-3 = MRN (typed) then the FHIR patient id (typed PI). */
export function addNotePid(msg: Hl7Message, note: NormalizedNote): Hl7Segment {
  const i = note.input;
  const pid = msg.addSegment('PID', '1');
  let rep = 1;
  if (i.mrn !== undefined) {
    pid.set(`3[${rep}].1`, i.mrn);
    if (i.mrnAssigningAuthority) pid.set(`3[${rep}].4`, i.mrnAssigningAuthority);
    pid.set(`3[${rep}].5`, i.mrnTypeCode ?? 'MRN');
    rep++;
  }
  if (i.patientId !== undefined) {
    pid.set(`3[${rep}].1`, i.patientId);
    pid.set(`3[${rep}].5`, 'PI');
  }
  return pid;
}

/** @internal PV1 with PV1-19 visit number and PV1-50 the FHIR encounter id. */
export function addNotePv1(
  msg: Hl7Message,
  note: NormalizedNote,
  patientClass: string,
): Hl7Segment {
  const i = note.input;
  const pv1 = msg.addSegment('PV1', '1', patientClass);
  const visit = i.visitNumber ?? i.encounterId;
  if (visit !== undefined) pv1.set(19, visit);
  if (i.encounterId !== undefined) pv1.set(50, i.encounterId);
  return pv1;
}

/** @internal The author as XCN components: id^family^given. */
export function authorXcn(note: NormalizedNote): string[] | undefined {
  const { authorId, authorName } = note.input;
  if (authorId === undefined && authorName === undefined) return undefined;
  const [family = '', given = ''] = (authorName ?? '').split(',').map((s) => s.trim());
  return [authorId ?? '', family, given];
}

/** @internal The OBX segments: TX lines (sub-id 1), then the ED (HTML text or file). */
export function addNoteObx(
  msg: Hl7Message,
  note: NormalizedNote,
  ctx: NoteContext,
  title: string,
): void {
  const i = note.input;
  const status = note.status;
  const author = authorXcn(note);
  let setId = 0;
  const obx = (type: string, subId: string): Hl7Segment => {
    const seg = msg.addSegment('OBX', String(++setId), type, [...note.type, '', title]);
    seg.set(4, subId);
    seg.set(11, status);
    seg.set(14, ctx.date);
    if (author) seg.setField(16, author);
    return seg;
  };
  let subId = 1;
  if (note.lines) {
    for (const line of note.lines) obx('TX', String(subId)).set(5, line);
    subId++;
  }
  const eds: { base64: string; contentType: string }[] = [];
  if (note.html !== undefined) {
    eds.push({
      base64: Buffer.from(note.html, 'utf8').toString('base64'),
      contentType: 'text/html',
    });
  }
  if (note.file) eds.push(note.file);
  for (const ed of eds) {
    const [type, subtype] = edTypeFor(ed.contentType, i.edStyle);
    const seg = obx('ED', String(subId++));
    seg.setField(5, ['', type, subtype, 'Base64', ed.base64]);
  }
}
