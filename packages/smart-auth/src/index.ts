export type { BackendAuthOptions, ClientCredentials } from './backend-auth-options.js';
export {
  ASSERTION_ALGORITHMS,
  createClientAssertion,
  DEFAULT_ASSERTION_LIFETIME_SECONDS,
  type AssertionAlgorithm,
  type ClientAssertionOptions,
  type PrivateKeyInput,
} from './client-assertion.js';
export { createBackendAuth, type BackendAuth } from './create-backend-auth.js';
export {
  discoverSmartConfiguration,
  smartConfigurationUrl,
  type DiscoveryOptions,
  type SmartConfiguration,
} from './discovery.js';
export { SmartAuthError, SmartAuthErrorCode, type SmartAuthErrorOptions } from './errors.js';
export { silentLogger, type Logger } from './logger.js';
export { createMemoryTokenStore, type MemoryTokenStoreOptions } from './memory-token-store.js';
export {
  assertScopes,
  missingScopes,
  parseScope,
  satisfies,
  splitScopes,
  toScopeStyle,
  type ScopePermission,
  type SmartScope,
} from './scopes.js';
export { basicAuthorization, type AccessToken } from './token-request.js';
export {
  tokenStoreKey,
  type StoredToken,
  type TokenStore,
  type TokenStoreLock,
} from './token-store.js';
export type { TelemetryOptions } from './telemetry/telemetry-options.js';
