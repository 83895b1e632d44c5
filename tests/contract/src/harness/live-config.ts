/**
 * Live-tenant configuration from `CERNER_*` variables. The contract suites run against a real
 * Cerner tenant only when `CERNER_LIVE=1`; otherwise they run against the in-process mock.
 */
export interface LiveConfig {
  tenantId: string;
  fhirBaseUrl?: string;
  environment?: 'sandbox' | 'production';
  tokenUrl?: string;
  clientId: string;
  clientSecret?: string;
  privateKeyFile?: string;
  keyId?: string;
  /** `CERNER_KEY_ALG`: the private key's algorithm (default RS384). */
  keyAlg?: 'RS384' | 'ES384';
  mrnSystem?: string;
  /** Ids that exist in the live tenant, for read tests. */
  patientId?: string;
  mrn?: string;
  encounterId?: string;
  appointmentId?: string;
  organizationId?: string;
}

/** Reads the live configuration, or returns why the live suites are skipped. */
export function readLiveConfig(
  env: NodeJS.ProcessEnv = process.env,
): LiveConfig | { skip: string } {
  if (env.CERNER_LIVE !== '1') {
    return {
      skip: 'live contract tests skipped: set CERNER_LIVE=1 and the CERNER_* variables to run them against a real tenant',
    };
  }
  const missing = ['CERNER_TENANT_ID', 'CERNER_CLIENT_ID'].filter((k) => !env[k]);
  if (!env.CERNER_CLIENT_SECRET && !(env.CERNER_PRIVATE_KEY_FILE && env.CERNER_KEY_ID)) {
    missing.push('CERNER_CLIENT_SECRET or CERNER_PRIVATE_KEY_FILE + CERNER_KEY_ID');
  }
  if (missing.length > 0) {
    return { skip: `live contract tests skipped: missing ${missing.join(', ')}` };
  }
  const env_ = env.CERNER_ENVIRONMENT;
  return {
    tenantId: env.CERNER_TENANT_ID!,
    ...(env.CERNER_FHIR_BASE_URL ? { fhirBaseUrl: env.CERNER_FHIR_BASE_URL } : {}),
    ...(env_ === 'sandbox' || env_ === 'production' ? { environment: env_ } : {}),
    ...(env.CERNER_TOKEN_URL ? { tokenUrl: env.CERNER_TOKEN_URL } : {}),
    clientId: env.CERNER_CLIENT_ID!,
    ...(env.CERNER_CLIENT_SECRET ? { clientSecret: env.CERNER_CLIENT_SECRET } : {}),
    ...(env.CERNER_PRIVATE_KEY_FILE ? { privateKeyFile: env.CERNER_PRIVATE_KEY_FILE } : {}),
    ...(env.CERNER_KEY_ID ? { keyId: env.CERNER_KEY_ID } : {}),
    ...(env.CERNER_KEY_ALG === 'ES384' || env.CERNER_KEY_ALG === 'RS384'
      ? { keyAlg: env.CERNER_KEY_ALG }
      : {}),
    ...(env.CERNER_MRN_SYSTEM ? { mrnSystem: env.CERNER_MRN_SYSTEM } : {}),
    ...(env.CERNER_LIVE_PATIENT_ID ? { patientId: env.CERNER_LIVE_PATIENT_ID } : {}),
    ...(env.CERNER_LIVE_MRN ? { mrn: env.CERNER_LIVE_MRN } : {}),
    ...(env.CERNER_LIVE_ENCOUNTER_ID ? { encounterId: env.CERNER_LIVE_ENCOUNTER_ID } : {}),
    ...(env.CERNER_LIVE_APPOINTMENT_ID ? { appointmentId: env.CERNER_LIVE_APPOINTMENT_ID } : {}),
    ...(env.CERNER_LIVE_ORGANIZATION_ID ? { organizationId: env.CERNER_LIVE_ORGANIZATION_ID } : {}),
  };
}
