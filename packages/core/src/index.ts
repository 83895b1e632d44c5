export { guardLogger, safeLog, silentLogger, type Logger, type LogLevel } from './logger.js';
export { failureCode, isNotSent, NOT_SENT_CODES } from './network-failure.js';
export {
  MAX_TIMEOUT_MS,
  timedFetch,
  type TimedFetch,
  type TimedFetchResult,
} from './timed-fetch.js';
export { errorMarker, hasErrorMarker } from './error-marker.js';
export {
  CERNER_AUTHORIZATION_ORIGIN,
  CERNER_FHIR_HOSTS,
  cernerCodeSetSystem,
  DEFAULT_MRN_SYSTEM,
  SANDBOX_TENANT_ID,
  type CernerEnvironment,
} from './cerner/constants.js';
export {
  cernerFhirBasePath,
  cernerFhirBaseUrl,
  cernerTokenPath,
  cernerTokenUrl,
} from './cerner/urls.js';
export { CernerConfigError } from './config/config-error.js';
export { CERNER_VARIABLES, type CernerVariable } from './config/cerner-variables.js';
export {
  cernerConfigFromEnv,
  type CernerConfigFromEnvOptions,
  type CernerCredentialsConfig,
  type CernerEnvConfig,
  type CernerLiveConfig,
  type CernerTenantConfig,
} from './config/cerner-config-from-env.js';
export { readCernerCredentials, type CernerCredentials } from './config/read-credentials.js';
export { nearestName } from './config/nearest-name.js';
export {
  REDACTED,
  redactTelemetryAttributes,
  safeAttributeValue,
  TELEMETRY_ATTRIBUTE_RULES,
  type SafeAttributes,
  type TelemetryAttributeKey,
  type TelemetryAttributes,
} from './telemetry/telemetry-attributes.js';
export {
  addSafeEvent,
  failSpan,
  setSafeAttributes,
  statusClass,
  type SpanLike,
} from './telemetry/span-helpers.js';
