import { createHl7Message, type Hl7Message } from '../codec/message.js';
import { invalidInput } from '../errors.js';
import { normalizeNoteInput, type ClinicalNoteInput } from './clinical-note-input.js';
import {
  addNoteObx,
  addNotePid,
  addNotePv1,
  authorXcn,
  fillNoteMsh,
  noteContext,
} from './note-parts.js';

const COMPLETION: Record<string, string> = { F: 'AU', P: 'IP', C: 'AU' };

/**
 * Builds an MDM^T02 (original document notification and content) from the same input as
 * {@link buildOruNote}: MSH, EVN (T02), PID, PV1 (PV1-2 `patientClass`, default `U`; PV1-19 /
 * PV1-50), TXA (TXA-2 LOINC or code set 72 type, TXA-3 `TX` or `AP`, TXA-4 date, TXA-6 `creation` or
 * the date, TXA-5 and TXA-9 author,
 * TXA-12 document id, TXA-17 completion status `AU` (final) or `IP`, TXA-19 `AV`, TXA-25 title
 * from v2.6), then the same OBX segments (TX lines and/or one ED).
 *
 * @param input - the note
 * @returns the message
 * @throws Hl7Error `invalid_input` naming the field, before anything is built
 * @example
 * ```ts
 * const mdm = buildMdmNote({ mrn: '7654321', file: { data: pdfBytes, contentType: 'application/pdf' }, title: 'Discharge letter' });
 * mdm.get('TXA-3'); // 'AP'
 * ```
 */
export function buildMdmNote(input: ClinicalNoteInput): Hl7Message {
  const note = normalizeNoteInput(input);
  if (input.periodEnd !== undefined && (input.date ?? input.periodStart) !== undefined) {
    throw invalidInput(
      'periodEnd',
      'MDM^T02 carries one document date: give date, periodStart or periodEnd (or send an ORU^R01)',
    );
  }
  const ctx = noteContext(note);
  const msg = createHl7Message();
  fillNoteMsh(msg, note, ctx, ['MDM', 'T02', 'MDM_T02']);
  msg.addSegment('EVN', 'T02', ctx.now);
  addNotePid(msg, note);
  addNotePv1(msg, note, input.patientClass ?? 'U');
  const txa = msg.addSegment('TXA', '1');
  txa.setField(2, note.type);
  txa.set(3, note.lines ? 'TX' : 'AP');
  txa.set(4, ctx.date);
  txa.set(6, ctx.creation ?? ctx.date);
  const author = authorXcn(note);
  if (author) {
    txa.setField(5, author);
    txa.setField(9, author);
  }
  txa.setField(12, [ctx.documentId, input.sendingApplication ?? '']);
  txa.set(17, COMPLETION[note.status] ?? 'AU');
  txa.set(19, 'AV');
  const [major = 0, minor = 0] = note.version.split('.').map(Number);
  if (input.title && (major > 2 || minor >= 6)) txa.set(25, input.title);
  addNoteObx(msg, note, ctx, input.title ?? '');
  return msg;
}
