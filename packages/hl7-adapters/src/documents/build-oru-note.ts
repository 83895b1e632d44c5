import { createHl7Message, type Hl7Message } from '../codec/message.js';
import { normalizeNoteInput, type ClinicalNoteInput } from './clinical-note-input.js';
import {
  addNoteObx,
  addNotePid,
  addNotePv1,
  authorXcn,
  fillNoteMsh,
  noteContext,
} from './note-parts.js';

/**
 * Builds an ORU^R01 carrying a clinical document: MSH, PID (PID-3 = MRN typed `MRN`, plus the
 * patient id typed `PI`), PV1 when a visit number or encounter id is given (PV1-19 / PV1-50),
 * ORC (`RE`), OBR (OBR-3 document id, OBR-4 LOINC or code set 72 type with the title as
 * alternate text, OBR-7 date, OBR-8 `periodEnd`, OBR-22 `creation` or now, OBR-25 status,
 * OBR-32 author), then one TX OBX per line of text (escaped; empty lines
 * kept) and/or one ED OBX with the base64 file (`^AP^PDF^Base64^…`). Every OBX has the document
 * type in OBX-3, the date in OBX-14 and the author in OBX-16.
 *
 * @param input - the note
 * @returns the message
 * @throws Hl7Error `invalid_input` naming the field (no text and no file, empty MRN, bad LOINC,
 *   bad base64, …), before anything is built
 * @example
 * ```ts
 * const oru = buildOruNote({ mrn: '7654321', visitNumber: '4400098765', text: 'Seen today.\nPlan: rest.', authorId: '4321', authorName: 'Berg, Anna' });
 * oru.getAll('OBX-5'); // ['Seen today.', 'Plan: rest.']
 * ```
 */
export function buildOruNote(input: ClinicalNoteInput): Hl7Message {
  const note = normalizeNoteInput(input);
  const ctx = noteContext(note);
  const msg = createHl7Message();
  fillNoteMsh(msg, note, ctx, ['ORU', 'R01', 'ORU_R01']);
  addNotePid(msg, note);
  if (input.visitNumber !== undefined || input.encounterId !== undefined) {
    addNotePv1(msg, note, input.patientClass ?? '');
  }
  const filler = [ctx.documentId, input.sendingApplication ?? ''];
  const orc = msg.addSegment('ORC', 'RE');
  orc.setField(3, filler);
  const title = input.title ?? '';
  const obr = msg.addSegment('OBR', '1');
  obr.setField(3, filler);
  obr.setField(4, [...note.type, '', title]);
  obr.set(7, ctx.date);
  if (ctx.end !== undefined) obr.set(8, ctx.end);
  obr.set(22, ctx.creation ?? ctx.now);
  obr.set(25, note.status);
  const author = authorXcn(note);
  if (author) {
    obr.set('32.1.1', author[0] ?? '');
    obr.set('32.1.2', author[1] ?? '');
    obr.set('32.1.3', author[2] ?? '');
  }
  addNoteObx(msg, note, ctx, title);
  return msg;
}
