/**
 * Cerner's public sandbox tenant id (Millennium "ec2458f2…"); the mock's default tenant.
 *
 * @example
 * ```ts
 * cernerFhirBaseUrl(SANDBOX_TENANT_ID, 'sandbox');
 * ```
 */
export const SANDBOX_TENANT_ID = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';

/**
 * The MRN identifier system of Cerner's public sandbox tenant. Production tenants use their own
 * OID (set `mrnSystem` / `CERNER_MRN_SYSTEM`).
 *
 * @example
 * ```ts
 * `Patient?identifier=${DEFAULT_MRN_SYSTEM}|292392`;
 * ```
 */
export const DEFAULT_MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.6.1000';

/**
 * Where a Cerner tenant lives: the secure sandbox or production.
 *
 * @example
 * ```ts
 * const env: CernerEnvironment = 'sandbox';
 * ```
 */
export type CernerEnvironment = 'sandbox' | 'production';

/**
 * The FHIR R4 host of each environment (system and provider access).
 *
 * @example
 * ```ts
 * CERNER_FHIR_HOSTS.sandbox; // 'fhir-ehr-code.cerner.com'
 * ```
 */
export const CERNER_FHIR_HOSTS: Readonly<Record<CernerEnvironment, string>> = Object.freeze({
  sandbox: 'fhir-ehr-code.cerner.com',
  production: 'fhir-ehr.cerner.com',
});

/**
 * Cerner's authorization server: token endpoint origin and the `iss` of its access tokens.
 *
 * @example
 * ```ts
 * new URL(tokenUrl).origin === CERNER_AUTHORIZATION_ORIGIN;
 * ```
 */
export const CERNER_AUTHORIZATION_ORIGIN = 'https://authorization.cerner.com';

/**
 * Cerner's coding system for one of a tenant's proprietary code sets (4 identifier types, 72
 * event codes, 319 alias types …).
 *
 * @param tenantId - the tenant id
 * @param codeSet - the code set number
 * @returns `https://fhir.cerner.com/{tenantId}/codeSet/{codeSet}`
 * @example
 * ```ts
 * cernerCodeSetSystem(SANDBOX_TENANT_ID, 72);
 * ```
 */
export function cernerCodeSetSystem(tenantId: string, codeSet: number): string {
  return `https://fhir.cerner.com/${tenantId}/codeSet/${codeSet}`;
}
