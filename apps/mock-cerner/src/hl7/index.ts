export { answerA19, findA19Patients, readA19Key, type A19QueryKey } from './a19-responder.js';
export {
  receiveDocument,
  resolveNoteEncounter,
  resolveNotePatient,
  type ReceivedDocument,
} from './document-receiver.js';
export {
  createHl7Listener,
  handleHl7Message,
  MAX_HL7_MESSAGE_BYTES,
  type Hl7ListenerOptions,
} from './hl7-listener.js';
export { noteInstant, noteToDocumentReference } from './note-to-document-reference.js';
export { A19NotFoundStyle, type Hl7ResponderOptions } from './reply-options.js';
