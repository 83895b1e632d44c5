import { parseScope, satisfies, splitScopes } from '@cerner-kit/smart-auth';
import type { RegisteredClient } from './client-registry.js';

/**
 * Cerner's grant rule: the intersection of the requested scopes and the client's registered
 * ones; everything else is silently dropped (cerner-fhir.md §A.6). The client's scope style
 * decides which syntax it may use: a v2-registered app asking `system/Patient.read` gets nothing.
 * Wildcards and `online_access`/`offline_access` are never granted to system clients.
 *
 * @returns the granted scopes, in the form they were requested
 */
export function grantScopes(requested: string, client: RegisteredClient): string[] {
  const granted: string[] = [];
  for (const scope of splitScopes(requested)) {
    const parsed = parseScope(scope);
    if (!parsed) continue; // launch, openid, offline_access…: not for client_credentials
    if (parsed.resourceType === '*' || parsed.context !== 'system') continue;
    if (client.scopeStyle !== 'both' && parsed.style !== client.scopeStyle) continue;
    if (client.scopes.includes(scope) || satisfies(client.scopes, scope)) granted.push(scope);
  }
  return granted;
}
