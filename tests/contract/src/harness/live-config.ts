import {
  CernerConfigError,
  cernerConfigFromEnv,
  type CernerEnvironment,
  type CernerCredentialsConfig,
} from '@cerner-kit/core';

/**
 * Live-tenant configuration from `CERNER_*` variables, read by core's `cernerConfigFromEnv` (the
 * CLIs read them the same way). The contract suites run against a real Cerner tenant only when
 * `CERNER_LIVE=1`; otherwise they run against the in-process mock.
 */
export interface LiveConfig {
  tenantId?: string;
  fhirBaseUrl: string;
  environment?: CernerEnvironment;
  tokenUrl?: string;
  clientId: string;
  credentials: CernerCredentialsConfig;
  mrnSystem?: string;
  /** `CERNER_LIVE_WRITES=1`: the suites may create patients and notes in the tenant. */
  writes: boolean;
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
  let config;
  try {
    config = cernerConfigFromEnv(env);
  } catch (e) {
    if (CernerConfigError.isInstance(e)) {
      return { skip: `live contract tests skipped: ${e.message}` };
    }
    throw e;
  }
  const { tenant, live } = config;
  if (tenant === undefined) {
    return {
      skip: 'live contract tests skipped: set CERNER_FHIR_BASE_URL, or CERNER_TENANT_ID with CERNER_ENVIRONMENT; and CERNER_CLIENT_ID; and CERNER_CLIENT_SECRET, or CERNER_PRIVATE_KEY_FILE with CERNER_KEY_ID',
    };
  }
  return {
    ...tenant,
    writes: live.writes,
    ...(live.patientId ? { patientId: live.patientId } : {}),
    ...(live.mrn ? { mrn: live.mrn } : {}),
    ...(live.encounterId ? { encounterId: live.encounterId } : {}),
    ...(live.appointmentId ? { appointmentId: live.appointmentId } : {}),
    ...(live.organizationId ? { organizationId: live.organizationId } : {}),
  };
}
