import {
  CERNER_FHIR_HOSTS,
  cernerFhirBasePath,
  cernerTokenPath,
  SANDBOX_TENANT_ID,
} from '@cerner-kit/core';

/** Cerner's public sandbox tenant id (core's); the mock's default tenant. */
export const DEFAULT_TENANT_ID = SANDBOX_TENANT_ID;

/** The secure sandbox FHIR host, used as the `/hosts/{host}/` token URL segment and the Bearer realm. */
export const SANDBOX_FHIR_HOST = CERNER_FHIR_HOSTS.sandbox;

/** Scopes the seven cerner-kit actions need; the default client is registered with all of them. */
export const ACTION_SCOPES = [
  'system/Patient.read',
  'system/Patient.write',
  'system/Appointment.read',
  'system/Encounter.read',
  'system/DocumentReference.read',
  'system/DocumentReference.write',
] as const;

/** The default system client (client_secret_basic), printed at start. Not a secret: a sandbox fixture. */
export const DEFAULT_CLIENT = {
  clientId: 'cerner-kit-default-system-client',
  clientSecret: 'mock-sandbox-secret',
  scopes: ACTION_SCOPES,
  scopeStyle: 'both',
} as const;

/** Cerner's access token lifetime as reported in `expires_in` (the JWT itself lives 600 s). */
export const TOKEN_EXPIRES_IN_SECONDS = 570;
export const TOKEN_LIFETIME_SECONDS = 600;

/** Path prefixes: Cerner's URL layout, from core (the client builds the same). */
export const fhirBasePath = (tenantId: string): string => cernerFhirBasePath(tenantId);
export const tokenPath = (tenantId: string): string => cernerTokenPath(tenantId);
export const hostTokenPath = (tenantId: string, host: string): string =>
  cernerTokenPath(tenantId, host);
