export {
  Hl7Error,
  Hl7ErrorCode,
  Hl7ParseError,
  Hl7ParseLimit,
  type Hl7ErrorOptions,
} from './errors.js';
export {
  DEFAULT_DELIMITERS,
  encodingCharacters,
  resolveDelimiters,
  type Hl7Delimiters,
} from './codec/delimiters.js';
export { escapeHl7, unescapeHl7, HL7_NULL } from './codec/escape.js';
export {
  encodeComponents,
  encodeMessage,
  encodeRepetitions,
  type Hl7ComponentValue,
} from './codec/encode.js';
export { parseHl7Path, parseFieldPath, type Hl7Path } from './codec/path.js';
export { Hl7Segment, type Hl7FieldValue } from './codec/segment.js';
export { Hl7Repetition } from './codec/repetition.js';
export { createHl7Message, type Hl7Message } from './codec/message.js';
export { DEFAULT_MAX_REPETITIONS, parseHl7, type ParseHl7Options } from './codec/parse.js';
export {
  formatHl7DateTime,
  hl7ToFhirDateTime,
  parseHl7DateTime,
  type FormatHl7DateTimeOptions,
  type Hl7DateTimePrecision,
  type ParsedHl7DateTime,
} from './datetime.js';
export { defaultIdGenerator } from './ids.js';
export { buildA19Query, type A19QueryOptions } from './a19/build-a19-query.js';
export { parseAdrA19, type A19Result, type ParseAdrA19Options } from './a19/parse-adr-a19.js';
export { pidToPatient, type PidToPatientOptions } from './a19/pid-to-patient.js';
export { addPatientPid, patientToPid, type PatientToPidOptions } from './a19/patient-to-pid.js';
export {
  DEFAULT_IDENTIFIER_SYSTEMS,
  DEFAULT_MRN_SYSTEM,
  US_SSN_SYSTEM,
  V2_0203_SYSTEM,
  findIdentifierMapping,
  findMappingForIdentifier,
  identifierType,
  systemFromHd,
  type IdentifierMapping,
  type IdentifierSystemMap,
} from './a19/identifier-systems.js';
export {
  ADDRESS_TYPE_MAP,
  GENDER_MAP,
  MARITAL_STATUS_MAP,
  NAME_USE_MAP,
  TELECOM_EQUIPMENT_MAP,
  TELECOM_USE_MAP,
} from './a19/code-maps.js';
export {
  CODE_SET_72_CODING_SYSTEM,
  type ClinicalNoteInput,
} from './documents/clinical-note-input.js';
export { buildOruNote } from './documents/build-oru-note.js';
export { buildMdmNote } from './documents/build-mdm-note.js';
export { parseClinicalNote, type ParsedClinicalNote } from './documents/parse-clinical-note.js';
export { ACK_CODES, buildAck, type AckCode, type BuildAckOptions } from './ack/build-ack.js';
export { parseAck, type Hl7AckError, type ParsedAck } from './ack/parse-ack.js';
export * from './mllp/index.js';
