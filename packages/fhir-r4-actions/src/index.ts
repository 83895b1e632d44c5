export { createCernerClient, type CernerClient, type CernerClientOptions } from './create-cerner-client.js';
export {
  actionKeys,
  actions,
  ALL_ACTION_SCOPES,
  describeActionInput,
  type ActionDefinition,
  type ActionField,
  type ActionInput,
  type ActionKey,
  type ActionResult,
} from './actions/registry.js';
export type {
  CreateClinicalNoteInput,
  CreatePatientInput,
  FindPatientByMrnInput,
  GetAppointmentInput,
  GetEncounterInput,
  GetPatientEncountersInput,
  GetPatientInput,
} from './actions/schemas.js';
export { buildPatient } from './actions/build-patient.js';
export { buildDocumentReference } from './actions/build-document-reference.js';
export { cernerFhirBaseUrl, cernerTokenUrl } from './cerner/urls.js';
export { DEFAULT_MRN_SYSTEM, DEFAULT_NOTE_LOINC, SANDBOX_TENANT_ID } from './cerner/constants.js';
export { FhirActionError, FhirActionErrorCode, type FhirActionErrorOptions, type OutcomeIssue } from './errors.js';
export type { RetryOptions, FhirResponse } from './http/fhir-http-client.js';
export { redactUrl } from './http/fhir-http-client.js';
