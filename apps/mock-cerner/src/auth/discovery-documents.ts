import { toScopeStyle } from '@cerner-kit/smart-auth';
import { hostTokenPath, SANDBOX_FHIR_HOST } from '../config.js';

/** Resources the mock serves, with the v2 permission letters Cerner advertises for each. */
const SERVED: Record<string, string> = {
  Patient: 'crus',
  Encounter: 'crus',
  Appointment: 'crus',
  DocumentReference: 'crus',
  Binary: 'r',
};

/** The URLs the discovery documents advertise, on the mock's own origin. */
export function authUrls(origin: string, tenantId: string): Record<'token' | 'revoke' | 'authorize' | 'manage' | 'introspect' | 'issuer' | 'jwks', string> {
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

function scopesSupported(): string[] {
  const out: string[] = [];
  for (const [type, letters] of Object.entries(SERVED)) {
    const v2 = `system/${type}.${letters}`;
    out.push(`system/${type}.read`);
    if (letters.includes('c')) out.push(`system/${type}.write`);
    out.push(v2);
    if (toScopeStyle(v2, 'v1') === undefined && letters !== 'r') out.push(`system/${type}.rs`);
  }
  return out;
}

/** `.well-known/smart-configuration`, shaped like Cerner's 2026 sandbox document. */
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
    scopes_supported: scopesSupported(),
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

/** The secure CapabilityStatement (`GET {base}/metadata`), Cerner's shape, trimmed to what the mock serves. */
export function capabilityStatement(origin: string, tenantId: string, now: Date): Record<string, unknown> {
  const u = authUrls(origin, tenantId);
  const searchParam = (name: string, type: string, documentation: string): Record<string, string> => ({ name, type, documentation });
  return {
    resourceType: 'CapabilityStatement',
    name: 'OracleHealthCapabilityStatement',
    status: 'active',
    date: now.toISOString().slice(0, 10),
    publisher: 'Oracle Health',
    kind: 'instance',
    software: { name: 'cerner-kit mock-cerner' },
    implementation: { description: 'Offline Cerner Millennium R4 emulation', url: `${origin}/r4/${tenantId}` },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: {
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'token', valueUri: u.token },
                { url: 'revoke', valueUri: u.revoke },
                { url: 'authorize', valueUri: u.authorize },
                { url: 'manage', valueUri: u.manage },
                { url: 'introspect', valueUri: u.introspect },
              ],
            },
          ],
          cors: true,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          description: 'OAuth2 plus SMART extensions',
        },
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }],
            searchParam: [
              searchParam('_id', 'token', 'The logical resource id. Required if identifier, name, family, given, birthdate, phone, email or address-postalcode is not provided.'),
              searchParam('identifier', 'token', 'A patient identifier, as system|value. The value is required, the system optional. _count is not honoured with identifier.'),
              searchParam('name', 'string', 'Any part of a current name.'),
              searchParam('family', 'string', 'The current family name.'),
              searchParam('given', 'string', 'A current given name.'),
              searchParam('birthdate', 'date', 'Date of birth, with eq, ge, gt, le, lt.'),
            ],
          },
          {
            type: 'Encounter',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              searchParam('_id', 'token', 'Comma-separated logical ids.'),
              searchParam('patient', 'reference', 'The patient id. Required if _id, subject, account or identifier is not provided.'),
              searchParam('subject', 'reference', 'Patient/<id>.'),
              searchParam('_count', 'number', 'Page size, only with patient.'),
            ],
          },
          { type: 'Appointment', interaction: [{ code: 'read' }] },
          {
            type: 'DocumentReference',
            interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }],
            searchParam: [
              searchParam('_id', 'token', 'Logical id.'),
              searchParam('patient', 'reference', 'The patient id.'),
              searchParam('encounter', 'reference', 'The encounter id, with patient.'),
            ],
          },
          { type: 'Binary', interaction: [{ code: 'read' }] },
        ],
      },
    ],
  };
}
