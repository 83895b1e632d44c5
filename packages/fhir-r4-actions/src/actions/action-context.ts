import type { FhirHttpClient } from '../http/fhir-http-client.js';

/**
 * What an action's implementation runs with: the HTTP layer, the client's settings and the
 * caller's signal for this one call.
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
  /** The caller's signal: aborts the in-flight request and any retry wait. */
  signal: AbortSignal | undefined;
  /**
   * Gets a token and checks it covers the action's scopes, before any FHIR request.
   *
   * @param requiredScopes - the SMART v1 names (for the message)
   * @param requiredScopesV2 - the least v2 permissions (what is checked)
   */
  authorize(requiredScopes: readonly string[], requiredScopesV2: readonly string[]): Promise<void>;
}
