export { createMockCerner, type MockCerner, type MockCernerOptions } from './create-mock-cerner.js';
export {
  ACTION_SCOPES,
  DEFAULT_CLIENT,
  DEFAULT_TENANT_ID,
  SANDBOX_FHIR_HOST,
  fhirBasePath,
  hostTokenPath,
  tokenPath,
} from './config.js';
export type { MockState } from './state/mock-state.js';
export type { Logger } from './state/logger.js';
export type { RegisteredClient, ScopeStyle } from './auth/client-registry.js';
export {
  startMockCerner,
  type RunningMockCerner,
  type StartMockCernerOptions,
  type StartupClient,
  type StartupInfo,
} from './start-mock-cerner.js';
export { MIN_NODE_VERSION, unsupportedNodeVersion } from './node-version.js';
export { TokenErrorUrn } from './auth/token-errors.js';
export type { AccessTokenClaims, AccessTokenIssuer } from './auth/access-tokens.js';
export { SEED_IDS } from './fhir/seed/index.js';
export { SANDBOX_MRN_SYSTEM } from './fhir/store.js';
export { createDocumentReference, documentReferenceView } from './fhir/document-references.js';
export type { FaultRule, HttpFaultRule } from './admin/faults.js';
export type { MllpFaultRule } from './admin/mllp-fault-rules.js';
export type { AnyRequestLogEntry, MllpLogEntry, RequestLogEntry } from './admin/request-log.js';
export {
  createFhirStore,
  STORED_TYPES,
  type CreateResult,
  type FhirStore,
  type FhirStoreOptions,
  type StoreSnapshot,
  type StoredType,
  type StructureCheck,
} from './fhir/store.js';
export { loadStructureValidator } from './fhir/validate-structure.js';
export { answerConnectWith405 } from './http/connect-method.js';
export type { RuleViolation } from './fhir/rule-violation.js';
export {
  A19NotFoundStyle,
  answerA19,
  createHl7Listener,
  handleHl7Message,
  noteToDocumentReference,
  receiveDocument,
  type Hl7ListenerOptions,
  type Hl7ResponderOptions,
} from './hl7/index.js';
