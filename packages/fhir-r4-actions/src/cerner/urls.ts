/**
 * Cerner's FHIR R4 base for a tenant: the secure sandbox (`fhir-ehr-code.cerner.com`) or
 * production (`fhir-ehr.cerner.com`).
 *
 * @example
 * ```ts
 * cernerFhirBaseUrl('ec2458f2-1e24-41c8-b71b-0e701af7583d', 'sandbox');
 * // 'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d'
 * ```
 */
export function cernerFhirBaseUrl(tenantId: string, environment: 'sandbox' | 'production'): string {
  const host = environment === 'sandbox' ? 'fhir-ehr-code.cerner.com' : 'fhir-ehr.cerner.com';
  return `https://${host}/r4/${encodeURIComponent(tenantId)}`;
}

/**
 * Cerner's documented token endpoint for a tenant (the discovery document may advertise the
 * `/hosts/{fhir-host}/` form; both work).
 *
 * @example
 * ```ts
 * cernerTokenUrl('ec2458f2-1e24-41c8-b71b-0e701af7583d');
 * ```
 */
export function cernerTokenUrl(tenantId: string): string {
  return `https://authorization.cerner.com/tenants/${encodeURIComponent(tenantId)}/protocols/oauth2/profiles/smart-v1/token`;
}
