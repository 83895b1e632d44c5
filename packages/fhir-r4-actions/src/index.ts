export {
  createCernerClient,
  type ActionMethod,
  type ActionMethods,
  type CernerClient,
  type CernerClientOptions,
} from './create-cerner-client.js';
export type {
  ActionCallOptions,
  ActionRunner,
  DefinedAction,
  PreparedAction,
} from './actions/define-action.js';
export { prepareAction, runPrepared, type PrepareActionOptions } from './actions/prepare-action.js';
export {
  actionKeys,
  actions,
  ALL_ACTION_SCOPES,
  ALL_ACTION_SCOPES_V2,
  isActionKey,
  type ActionDefinition,
  type ActionInput,
  type ActionKey,
  type ActionResult,
} from './actions/registry.js';
export { describeActionInput, type ActionField } from './actions/describe-action-input.js';
export { getPatientInput, type GetPatientInput } from './actions/get-patient.js';
export {
  buildPatient,
  createPatientInput,
  patientAddressInput,
  patientIdentifierInput,
  type CreatePatientInput,
} from './actions/create-patient.js';
export {
  findPatientByMrnInput,
  type FindPatientByMrnInput,
} from './actions/find-patient-by-mrn.js';
export { getAppointmentInput, type GetAppointmentInput } from './actions/get-appointment.js';
export {
  getPatientEncountersInput,
  type GetPatientEncountersInput,
} from './actions/get-patient-encounters.js';
export {
  buildDocumentReference,
  createClinicalNoteInput,
  MAX_NOTE_TEXT_LENGTH,
  type CreateClinicalNoteInput,
} from './actions/create-clinical-note.js';
export { getEncounterInput, type GetEncounterInput } from './actions/get-encounter.js';
export { cernerFhirBaseUrl, cernerTokenUrl, type CernerEnvironment } from './cerner/urls.js';
export { DEFAULT_MRN_SYSTEM, DEFAULT_NOTE_LOINC, SANDBOX_TENANT_ID } from './cerner/constants.js';
export {
  FhirActionError,
  FhirActionErrorCode,
  outcomeIssues,
  type FhirActionErrorOptions,
  type OutcomeIssue,
} from './errors.js';
export { silentLogger, type Logger, type RequestLogFields } from './logger.js';
export type {
  FhirMethod,
  FhirRequest,
  FhirResponse,
  RetryOptions,
} from './http/fhir-http-client.js';
export { idFromLocation } from './http/location.js';
export { parseRetryAfter } from './http/retry-after.js';
export { parseOperationOutcome } from './http/operation-outcome.js';
export { redactUrl } from './http/redact-url.js';
export type * from './fhir-types.js';
export type { TelemetryOptions } from './telemetry/telemetry-options.js';
