import { hostTokenPath, SANDBOX_FHIR_HOST } from '../config.js';

/**
 * Resources the mock serves, with the SMART v2 permission letters Cerner's 2026 discovery
 * advertises for each (`crus`; Binary is read-only).
 * @example
 * ```ts
 * SERVED_RESOURCE_PERMISSIONS.Patient; // 'crus'
 * ```
 */
export const SERVED_RESOURCE_PERMISSIONS: Readonly<Record<string, string>> = {
  Patient: 'crus',
  Encounter: 'crus',
  Appointment: 'crus',
  DocumentReference: 'crus',
  Binary: 'r',
};

/**
 * The authorization-server URLs the discovery documents advertise.
 * @example
 * ```ts
 * const { token, revoke }: AuthUrls = authUrls('http://127.0.0.1:8080', tenantId);
 * ```
 */
export interface AuthUrls {
  token: string;
  revoke: string;
  authorize: string;
  manage: string;
  introspect: string;
  issuer: string;
  jwks: string;
}

/**
 * The URLs advertised in discovery, on the mock's own origin and in Cerner's layout (the token
 * endpoint in the `/hosts/{fhir-host}/` form, as Cerner's 2026 discovery).
 *
 * @param origin - e.g. `http://127.0.0.1:8080` (no trailing slash)
 * @param tenantId - the tenant
 * @returns token, revoke, authorize, manage, introspect, issuer and jwks URLs
 * @example
 * ```ts
 * authUrls('http://127.0.0.1:8080', tenant).token; // http://127.0.0.1:8080/tenants/{tenant}/hosts/fhir-ehr-code.cerner.com/protocols/oauth2/profiles/smart-v1/token
 * ```
 */
export function authUrls(origin: string, tenantId: string): AuthUrls {
  const tenantBase = `${origin}/tenants/${tenantId}`;
  return {
    token: `${origin}${hostTokenPath(tenantId, SANDBOX_FHIR_HOST)}`,
    revoke: `${tenantBase}/protocols/oauth2/profiles/smart-v1/token/revoke`,
    authorize: `${tenantBase}/protocols/oauth2/profiles/smart-v1/personas/provider/authorize`,
    manage: `${tenantBase}/personas/provider/my-authorizations`,
    introspect: `${origin}/tokeninfo`,
    issuer: tenantBase,
    jwks: `${origin}/jwk`,
  };
}

/**
 * `scopes_supported`: for each served resource, the v1 `system/` forms (`.read`, and `.write`
 * where it can be created) and the v2 form Cerner advertises (`.crus`, `.r`).
 *
 * @returns the scopes, resource by resource
 * @example
 * ```ts
 * supportedScopes().includes('system/Patient.crus'); // true
 * ```
 */
export function supportedScopes(): string[] {
  const out: string[] = [];
  for (const [type, letters] of Object.entries(SERVED_RESOURCE_PERMISSIONS)) {
    out.push(`system/${type}.read`);
    if (letters.includes('c') || letters.includes('u')) out.push(`system/${type}.write`);
    out.push(`system/${type}.${letters}`);
  }
  return out;
}

/**
 * `GET {fhirBase}/.well-known/smart-configuration`, in the shape of Cerner's 2026 sandbox document
 * (issuer, host-qualified token endpoint, both auth methods, RS384/ES384, v1 and v2 scopes,
 * `client-confidential-asymmetric` and `permission-v2`), with the mock's own URLs.
 *
 * @param origin - the mock's origin
 * @param tenantId - the tenant
 * @returns the document
 * @example
 * ```ts
 * smartConfiguration('http://127.0.0.1:8080', tenant).token_endpoint_auth_methods_supported; // ['client_secret_basic', 'private_key_jwt']
 * ```
 */
export function smartConfiguration(origin: string, tenantId: string): Record<string, unknown> {
  const u = authUrls(origin, tenantId);
  return {
    issuer: u.issuer,
    authorization_endpoint: u.authorize,
    token_endpoint: u.token,
    revocation_endpoint: u.revoke,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    jwks_uri: u.jwks,
    grant_types_supported: ['authorization_code', 'client_credentials'],
    scopes_supported: supportedScopes(),
    response_types_supported: ['code'],
    management_endpoint: u.manage,
    introspection_endpoint: u.introspect,
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'client-confidential-symmetric',
      'client-confidential-asymmetric',
      'permission-v1',
      'permission-v2',
    ],
  };
}
