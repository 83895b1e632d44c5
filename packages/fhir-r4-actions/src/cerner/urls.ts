/**
 * Where a Cerner tenant lives.
 *
 * @example
 * ```ts
 * const env: CernerEnvironment = process.env.CERNER_ENVIRONMENT === 'production' ? 'production' : 'sandbox';
 * ```
 */
export type CernerEnvironment = 'sandbox' | 'production';

/**
 * Cerner's FHIR R4 base for system (and provider) access to a tenant: the secure sandbox
 * `fhir-ehr-code.cerner.com` or production `fhir-ehr.cerner.com`.
 *
 * @param tenantId - the tenant id (a UUID in the sandbox; other forms in production)
 * @param environment - `sandbox` or `production`
 * @returns the FHIR base URL, without a trailing slash
 * @throws {TypeError} when the tenant id is empty
 * @example
 * ```ts
 * cernerFhirBaseUrl('ec2458f2-1e24-41c8-b71b-0e701af7583d', 'sandbox');
 * // 'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d'
 * ```
 */
export function cernerFhirBaseUrl(tenantId: string, environment: CernerEnvironment): string {
  if (typeof tenantId !== 'string' || tenantId.trim() === '') {
    throw new TypeError('tenantId must be a non-empty string');
  }
  const host = environment === 'sandbox' ? 'fhir-ehr-code.cerner.com' : 'fhir-ehr.cerner.com';
  return `https://${host}/r4/${encodeURIComponent(tenantId.trim())}`;
}

/**
 * Cerner's documented token endpoint for a tenant (discovery may advertise the
 * `/hosts/{fhir-host}/` form; both work for client credentials).
 *
 * @param tenantId - the tenant id
 * @returns the token URL
 * @throws {TypeError} when the tenant id is empty
 * @example
 * ```ts
 * cernerTokenUrl('ec2458f2-1e24-41c8-b71b-0e701af7583d');
 * // 'https://authorization.cerner.com/tenants/ec2458f2-…/protocols/oauth2/profiles/smart-v1/token'
 * ```
 */
export function cernerTokenUrl(tenantId: string): string {
  if (typeof tenantId !== 'string' || tenantId.trim() === '') {
    throw new TypeError('tenantId must be a non-empty string');
  }
  return `https://authorization.cerner.com/tenants/${encodeURIComponent(tenantId.trim())}/protocols/oauth2/profiles/smart-v1/token`;
}
