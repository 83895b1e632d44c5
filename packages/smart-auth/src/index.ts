export {
  createBackendAuth,
  type BackendAuth,
  type BackendAuthOptions,
  type ClientCredentials,
} from './create-backend-auth.js';
export {
  ASSERTION_ALGORITHMS,
  createClientAssertion,
  type AssertionAlgorithm,
  type ClientAssertionOptions,
  type PrivateKeyInput,
} from './client-assertion.js';
export { discoverSmartConfiguration, type DiscoveryOptions, type SmartConfiguration } from './discovery.js';
export { SmartAuthError, SmartAuthErrorCode, type SmartAuthErrorOptions } from './errors.js';
export { silentLogger, type Logger } from './logger.js';
export {
  missingScopes,
  parseScope,
  satisfies,
  splitScopes,
  toScopeStyle,
  type ScopePermission,
  type SmartScope,
} from './scopes.js';
export { basicAuthorization } from './token-request.js';
export type { AccessToken } from './token-request.js';
