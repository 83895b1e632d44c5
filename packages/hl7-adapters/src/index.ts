export { Hl7Error, Hl7ErrorCode, Hl7ParseError, type Hl7ErrorOptions } from './errors.js';
export {
  DEFAULT_DELIMITERS,
  encodingCharacters,
  resolveDelimiters,
  type Hl7Delimiters,
} from './codec/delimiters.js';
export { escapeHl7, unescapeHl7, HL7_NULL } from './codec/escape.js';
export { encodeComponents, encodeMessage, encodeRepetitions, type Hl7ComponentValue } from './codec/encode.js';
export { parseHl7Path, parseFieldPath, type Hl7Path } from './codec/path.js';
export { Hl7Segment, type Hl7FieldValue } from './codec/segment.js';
export { createHl7Message, type Hl7Message } from './codec/message.js';
export { parseHl7, type ParseHl7Options } from './codec/parse.js';
export {
  formatHl7DateTime,
  hl7ToFhirDateTime,
  parseHl7DateTime,
  type FormatHl7DateTimeOptions,
  type Hl7DateTimePrecision,
  type ParsedHl7DateTime,
} from './datetime.js';
