import type { FhirHttpClient } from '../http/fhir-http-client.js';

/**
 * What an action's implementation runs with: the HTTP layer and the client's settings.
 * @internal
 */
export interface ActionContext {
  http: FhirHttpClient;
  /** The client's MRN identifier system. */
  mrnSystem: string;
  /** The tenant id (from the options, or the last segment of the FHIR base URL). */
  tenantId: string;
  /** Clock, epoch ms. */
  now: () => number;
}

/**
 * What every action declares besides its schema and implementation.
 * @internal
 */
export interface ActionMeta<K extends string> {
  key: K;
  title: string;
  description: string;
  /** SMART v1 scopes (requested by default, named in errors). */
  requiredScopes: readonly string[];
  /** The least SMART v2 permissions that allow the call (what is checked against the grant). */
  requiredScopesV2: readonly string[];
}
