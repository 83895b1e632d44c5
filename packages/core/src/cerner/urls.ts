import {
  CERNER_AUTHORIZATION_ORIGIN,
  CERNER_FHIR_HOSTS,
  type CernerEnvironment,
} from './constants.js';

function tenantSegment(tenantId: string): string {
  if (typeof tenantId !== 'string' || tenantId.trim() === '') {
    throw new TypeError('tenantId must be a non-empty string');
  }
  return encodeURIComponent(tenantId.trim());
}

/**
 * The path of a tenant's FHIR R4 base on any host (Cerner's layout; the mock serves the same).
 *
 * @param tenantId - the tenant id
 * @returns `/r4/{tenantId}`
 * @throws {TypeError} when the tenant id is empty
 * @example
 * ```ts
 * cernerFhirBasePath('ec2458f2-1e24-41c8-b71b-0e701af7583d'); // '/r4/ec2458f2-…'
 * ```
 */
export function cernerFhirBasePath(tenantId: string): string {
  return `/r4/${tenantSegment(tenantId)}`;
}

/**
 * The path of a tenant's token endpoint, in the documented form or in the `/hosts/{fhir-host}/`
 * form that discovery advertises (both work for client credentials).
 *
 * @param tenantId - the tenant id
 * @param fhirHost - the FHIR host for the `/hosts/` form, e.g. `fhir-ehr-code.cerner.com`
 * @returns `/tenants/{tenantId}[/hosts/{fhirHost}]/protocols/oauth2/profiles/smart-v1/token`
 * @throws {TypeError} when the tenant id is empty
 * @example
 * ```ts
 * cernerTokenPath(tenant); // '/tenants/{tenant}/protocols/oauth2/profiles/smart-v1/token'
 * cernerTokenPath(tenant, 'fhir-ehr-code.cerner.com'); // '/tenants/{tenant}/hosts/fhir-ehr-code.cerner.com/protocols/…'
 * ```
 */
export function cernerTokenPath(tenantId: string, fhirHost?: string): string {
  const hosts = fhirHost === undefined ? '' : `/hosts/${encodeURIComponent(fhirHost)}`;
  return `/tenants/${tenantSegment(tenantId)}${hosts}/protocols/oauth2/profiles/smart-v1/token`;
}

/**
 * Cerner's FHIR R4 base for a tenant: the secure sandbox `fhir-ehr-code.cerner.com` or
 * production `fhir-ehr.cerner.com`.
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
  const host = environment === 'sandbox' ? CERNER_FHIR_HOSTS.sandbox : CERNER_FHIR_HOSTS.production;
  return `https://${host}${cernerFhirBasePath(tenantId)}`;
}

/**
 * Cerner's documented token endpoint for a tenant.
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
  return `${CERNER_AUTHORIZATION_ORIGIN}${cernerTokenPath(tenantId)}`;
}
