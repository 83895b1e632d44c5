/**
 * Every `CERNER_*` variable cerner-kit reads (the CLIs, the demo and the contract suites), with
 * what it sets. A `CERNER_*` variable not listed here is reported with the nearest listed name.
 *
 * @example
 * ```ts
 * Object.keys(CERNER_VARIABLES).includes('CERNER_CLIENT_ID'); // true
 * ```
 */
export const CERNER_VARIABLES = Object.freeze({
  CERNER_TENANT_ID: 'the tenant id (builds the FHIR and token URLs with CERNER_ENVIRONMENT)',
  CERNER_ENVIRONMENT: "'sandbox' (fhir-ehr-code.cerner.com) or 'production' (fhir-ehr.cerner.com)",
  CERNER_FHIR_BASE_URL: 'the FHIR R4 base URL (instead of CERNER_TENANT_ID + CERNER_ENVIRONMENT)',
  CERNER_TOKEN_URL: 'the token URL (default: from CERNER_TENANT_ID, else SMART discovery)',
  CERNER_CLIENT_ID: "the system account's client id",
  CERNER_CLIENT_SECRET: "the system account's secret (client_secret_basic)",
  CERNER_PRIVATE_KEY_FILE: 'a PEM private key file (private_key_jwt), with CERNER_KEY_ID',
  CERNER_KEY_ID: "the key's `kid`",
  CERNER_KEY_ALG: "'RS384' (default) or 'ES384'",
  CERNER_MRN_SYSTEM: "the tenant's MRN identifier system",
  CERNER_HL7_HOST: 'the HL7 MLLP host (cerner-hl7)',
  CERNER_HL7_PORT: 'the HL7 MLLP port (cerner-hl7)',
  CERNER_LIVE: '1 runs the contract suites against the tenant too',
  CERNER_LIVE_WRITES: '1 lets the live contract suites create resources in the tenant',
  CERNER_LIVE_PATIENT_ID: 'a patient id the live suites read',
  CERNER_LIVE_MRN: 'an MRN the live suites search for',
  CERNER_LIVE_ENCOUNTER_ID: 'an encounter id the live suites read',
  CERNER_LIVE_APPOINTMENT_ID: 'an appointment id the live suites read',
  CERNER_LIVE_ORGANIZATION_ID: 'the organization id live patient creates are assigned to',
} as const);

/**
 * One of the {@link CERNER_VARIABLES} names.
 *
 * @example
 * ```ts
 * const v: CernerVariable = 'CERNER_TENANT_ID';
 * ```
 */
export type CernerVariable = keyof typeof CERNER_VARIABLES;

/** The variables that select a tenant for FHIR (any of them set: not the embedded mock). */
export const TENANT_VARIABLES: readonly CernerVariable[] = [
  'CERNER_TENANT_ID',
  'CERNER_ENVIRONMENT',
  'CERNER_FHIR_BASE_URL',
  'CERNER_TOKEN_URL',
  'CERNER_CLIENT_ID',
  'CERNER_CLIENT_SECRET',
  'CERNER_PRIVATE_KEY_FILE',
  'CERNER_KEY_ID',
  'CERNER_KEY_ALG',
  'CERNER_MRN_SYSTEM',
];
