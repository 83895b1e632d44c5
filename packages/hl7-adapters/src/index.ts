export { Hl7Error, Hl7ErrorCode, Hl7ParseError, type Hl7ErrorOptions } from './errors.js';
