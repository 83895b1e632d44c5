import { parseScope, satisfies, splitScopes } from '@cerner-kit/smart-auth';
import type { RegisteredClient } from './client-registry.js';

/**
 * Why a requested scope was not granted (for the log and tests).
 * @example
 * ```ts
 * const { granted, dropped }: ScopeDecision = grantScopes(form.get('scope')!, client);
 * ```
 */
export interface ScopeDecision {
  granted: string[];
  /** Requested scopes that were silently dropped. */
  dropped: string[];
}

/**
 * Cerner's grant rule for client_credentials (cerner-fhir reference §A.4, §A.6): the intersection
 * of the requested scopes with the client's registered ones; the rest is silently dropped.
 *
 * - The client's scope style decides which syntax it may use: `v1` clients get only `.read` /
 *   `.write` scopes, `v2` clients only `cruds`-letter scopes (a v2-registered app asking
 *   `system/Patient.read` gets nothing), `both` clients either.
 * - Across styles the meaning is compared (`.read` = `.rs`, `.write` = `.cud`), and a subset is
 *   granted: `system/Patient.r` against a registered `system/Patient.rs` or `.read`.
 * - Not granted, ever: wildcard types (`system/*.read`) and the `*` permission (Cerner supports
 *   neither), non-`system/` contexts, and non-resource scopes (`openid`, `launch`, `fhirUser`,
 *   `online_access`, `offline_access`: meaningless with client_credentials).
 * - Each granted scope is echoed as requested; duplicates are collapsed.
 *
 * @param requested - the form's `scope` (space-separated)
 * @param client - the authenticated client
 * @returns the granted and dropped scopes, in request order
 * @example
 * ```ts
 * grantScopes('system/Patient.r system/Observation.read', { scopes: ['system/Patient.read'], scopeStyle: 'both', clientId: 'c' });
 * // { granted: ['system/Patient.r'], dropped: ['system/Observation.read'] }
 * ```
 */
export function grantScopes(requested: string, client: RegisteredClient): ScopeDecision {
  const granted: string[] = [];
  const dropped: string[] = [];
  for (const scope of splitScopes(requested)) {
    const parsed = parseScope(scope);
    const grantable =
      parsed !== undefined &&
      parsed.context === 'system' &&
      parsed.resourceType !== '*' &&
      !(parsed.style === 'v1' && parsed.permissions.size === 5) && // `.*`
      (client.scopeStyle === 'both' || parsed.style === client.scopeStyle) &&
      satisfies(client.scopes, scope);
    (grantable ? granted : dropped).push(scope);
  }
  return { granted, dropped };
}
