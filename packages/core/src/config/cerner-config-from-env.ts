import { cernerFhirBaseUrl, cernerTokenUrl } from '../cerner/urls.js';
import type { CernerEnvironment } from '../cerner/constants.js';
import { CernerConfigError } from './config-error.js';
import { CERNER_VARIABLES, TENANT_VARIABLES, type CernerVariable } from './cerner-variables.js';
import { nearestName } from './nearest-name.js';

/**
 * How to authenticate: a client secret, or a private key file (read it with
 * `readCernerCredentials`).
 *
 * @example
 * ```ts
 * const c: CernerCredentialsConfig = { kind: 'client_secret', clientSecret: process.env.CERNER_CLIENT_SECRET! };
 * ```
 */
export type CernerCredentialsConfig =
  | { kind: 'client_secret'; clientSecret: string }
  | { kind: 'private_key'; privateKeyFile: string; keyId: string; alg: 'RS384' | 'ES384' };

/**
 * A tenant to talk to, from the `CERNER_*` variables.
 *
 * @example
 * ```ts
 * const t: CernerTenantConfig = { fhirBaseUrl: 'https://fhir-ehr-code.cerner.com/r4/…', clientId: 'c', credentials };
 * ```
 */
export interface CernerTenantConfig {
  tenantId?: string;
  environment?: CernerEnvironment;
  /** From `CERNER_FHIR_BASE_URL`, else built from the tenant id and environment. */
  fhirBaseUrl: string;
  /** From `CERNER_TOKEN_URL`, else built from the tenant id; absent: SMART discovery. */
  tokenUrl?: string;
  clientId: string;
  credentials: CernerCredentialsConfig;
  mrnSystem?: string;
}

/**
 * What the live contract suites read (`CERNER_LIVE`, `CERNER_LIVE_WRITES`, `CERNER_LIVE_*` ids).
 *
 * @example
 * ```ts
 * if (config.live.enabled && !config.live.writes) console.log('live run, reads only');
 * ```
 */
export interface CernerLiveConfig {
  /** `CERNER_LIVE=1`. */
  enabled: boolean;
  /** `CERNER_LIVE_WRITES=1`: creates against the live tenant are allowed. */
  writes: boolean;
  patientId?: string;
  mrn?: string;
  encounterId?: string;
  appointmentId?: string;
  organizationId?: string;
}

/**
 * Everything the `CERNER_*` variables say.
 *
 * @example
 * ```ts
 * const { tenant } = cernerConfigFromEnv(process.env);
 * console.log(tenant ? tenant.fhirBaseUrl : 'no tenant: use the embedded mock');
 * ```
 */
export interface CernerEnvConfig {
  /** Undefined when no tenant variable is set (then the CLIs start an embedded mock). */
  tenant: CernerTenantConfig | undefined;
  /** `CERNER_HL7_HOST` / `CERNER_HL7_PORT`. */
  hl7: { host?: string; port?: number };
  live: CernerLiveConfig;
  /** Unknown `CERNER_*` variables (only with `unknownVariables: 'ignore'`; else they throw). */
  unknownVariables: { variable: string; didYouMean?: string }[];
}

/**
 * Options of {@link cernerConfigFromEnv}.
 *
 * @example
 * ```ts
 * cernerConfigFromEnv(process.env, { unknownVariables: 'ignore' });
 * ```
 */
export interface CernerConfigFromEnvOptions {
  /** `error` (default): an unknown `CERNER_*` variable throws; `ignore`: it is only listed. */
  unknownVariables?: 'error' | 'ignore';
  /** True: the tenant variables are neither checked nor read (`tenant` is undefined); for tools
   * that use only the HL7 endpoint (`cerner-hl7`). */
  skipTenant?: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function isHttpUrl(value: string): boolean {
  const u = URL.parse(value);
  return u !== null && (u.protocol === 'https:' || u.protocol === 'http:');
}

function unknownVariableMessage(variable: string, didYouMean: string | undefined): string {
  const hint = didYouMean ? `did you mean ${didYouMean}?` : 'see the README for the list';
  return `${variable} is not a cerner-kit variable: ${hint}`;
}

function readTenant(get: (k: CernerVariable) => string | undefined): CernerTenantConfig {
  const environment = get('CERNER_ENVIRONMENT');
  if (environment !== undefined && environment !== 'sandbox' && environment !== 'production') {
    throw new CernerConfigError(
      'CERNER_ENVIRONMENT',
      "CERNER_ENVIRONMENT must be 'sandbox' or 'production'",
    );
  }
  const alg = get('CERNER_KEY_ALG');
  if (alg !== undefined && alg !== 'RS384' && alg !== 'ES384') {
    throw new CernerConfigError('CERNER_KEY_ALG', "CERNER_KEY_ALG must be 'RS384' or 'ES384'");
  }
  for (const k of ['CERNER_FHIR_BASE_URL', 'CERNER_TOKEN_URL'] as const) {
    const v = get(k);
    if (v !== undefined && !isHttpUrl(v)) {
      throw new CernerConfigError(k, `${k}: must be an absolute http(s) URL`);
    }
  }
  const tenantId = get('CERNER_TENANT_ID');
  const fhirBaseUrl =
    get('CERNER_FHIR_BASE_URL') ??
    (tenantId && environment ? cernerFhirBaseUrl(tenantId, environment) : undefined);
  const clientId = get('CERNER_CLIENT_ID');
  const secret = get('CERNER_CLIENT_SECRET');
  const keyFile = get('CERNER_PRIVATE_KEY_FILE');
  const keyId = get('CERNER_KEY_ID');
  const missing: [CernerVariable, string][] = [];
  if (fhirBaseUrl === undefined) {
    missing.push([
      tenantId ? 'CERNER_ENVIRONMENT' : 'CERNER_FHIR_BASE_URL',
      'CERNER_FHIR_BASE_URL, or CERNER_TENANT_ID with CERNER_ENVIRONMENT',
    ]);
  }
  if (clientId === undefined) missing.push(['CERNER_CLIENT_ID', 'CERNER_CLIENT_ID']);
  if (secret === undefined && (keyFile === undefined || keyId === undefined)) {
    missing.push([
      keyFile !== undefined ? 'CERNER_KEY_ID' : 'CERNER_CLIENT_SECRET',
      keyFile !== undefined
        ? 'CERNER_KEY_ID (with CERNER_PRIVATE_KEY_FILE)'
        : 'CERNER_CLIENT_SECRET, or CERNER_PRIVATE_KEY_FILE with CERNER_KEY_ID',
    ]);
  }
  if (missing.length > 0 || fhirBaseUrl === undefined || clientId === undefined) {
    throw new CernerConfigError(
      missing[0]![0],
      `set ${missing.map(([, what]) => what).join('; and ')} (required when CERNER_* variables are set)`,
    );
  }
  const tokenUrl = get('CERNER_TOKEN_URL') ?? (tenantId ? cernerTokenUrl(tenantId) : undefined);
  const mrnSystem = get('CERNER_MRN_SYSTEM');
  return {
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(environment !== undefined ? { environment } : {}),
    fhirBaseUrl,
    ...(tokenUrl !== undefined ? { tokenUrl } : {}),
    clientId,
    credentials:
      secret !== undefined
        ? { kind: 'client_secret', clientSecret: secret }
        : { kind: 'private_key', privateKeyFile: keyFile!, keyId: keyId!, alg: alg ?? 'RS384' },
    ...(mrnSystem !== undefined ? { mrnSystem } : {}),
  };
}

function readPort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) {
    throw new CernerConfigError(
      'CERNER_HL7_PORT',
      'CERNER_HL7_PORT must be an integer from 1 to 65535',
    );
  }
  return n;
}

/**
 * Reads the `CERNER_*` variables (see `CERNER_VARIABLES`) the one way every cerner-kit tool
 * does: an empty value counts as unset; no tenant variable set means no tenant (the CLIs then
 * start an embedded mock); a tenant needs `CERNER_FHIR_BASE_URL` or `CERNER_TENANT_ID` +
 * `CERNER_ENVIRONMENT`, `CERNER_CLIENT_ID`, and `CERNER_CLIENT_SECRET` or
 * `CERNER_PRIVATE_KEY_FILE` + `CERNER_KEY_ID`. Nothing is read from disk and nothing is sent.
 *
 * @param env - the environment, e.g. `process.env`
 * @param options - what to do with unknown `CERNER_*` variables
 * @returns the tenant (or none), the HL7 endpoint and the live-suite settings
 * @throws {@link CernerConfigError} naming the variable: a bad value, a missing required one, or
 *   an unknown `CERNER_*` variable with the nearest valid name (`CERNER_CLIENTID`: did you mean
 *   `CERNER_CLIENT_ID`?)
 * @example
 * ```ts
 * const config = cernerConfigFromEnv({
 *   CERNER_TENANT_ID: 'ec2458f2-1e24-41c8-b71b-0e701af7583d',
 *   CERNER_ENVIRONMENT: 'sandbox',
 *   CERNER_CLIENT_ID: 'my-system-account',
 *   CERNER_CLIENT_SECRET: 'from-a-vault',
 * });
 * config.tenant?.fhirBaseUrl; // 'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d'
 * ```
 */
export function cernerConfigFromEnv(
  env: Env,
  options: CernerConfigFromEnvOptions = {},
): CernerEnvConfig {
  const known = Object.keys(CERNER_VARIABLES);
  const unknownVariables: CernerEnvConfig['unknownVariables'] = [];
  for (const k of Object.keys(env).sort()) {
    if (!k.toUpperCase().startsWith('CERNER_') || known.includes(k) || !env[k]) continue;
    const didYouMean = nearestName(k, known);
    if (options.unknownVariables !== 'ignore') {
      throw new CernerConfigError(k, unknownVariableMessage(k, didYouMean));
    }
    unknownVariables.push({ variable: k, ...(didYouMean ? { didYouMean } : {}) });
  }
  const get = (k: CernerVariable): string | undefined => (env[k] ? env[k] : undefined);
  const tenant =
    options.skipTenant !== true && TENANT_VARIABLES.some((k) => get(k) !== undefined)
      ? readTenant(get)
      : undefined;
  const host = get('CERNER_HL7_HOST');
  const port = readPort(get('CERNER_HL7_PORT'));
  const live: CernerLiveConfig = {
    enabled: get('CERNER_LIVE') === '1',
    writes: get('CERNER_LIVE_WRITES') === '1',
  };
  const ids = {
    patientId: 'CERNER_LIVE_PATIENT_ID',
    mrn: 'CERNER_LIVE_MRN',
    encounterId: 'CERNER_LIVE_ENCOUNTER_ID',
    appointmentId: 'CERNER_LIVE_APPOINTMENT_ID',
    organizationId: 'CERNER_LIVE_ORGANIZATION_ID',
  } as const satisfies Partial<Record<keyof CernerLiveConfig, CernerVariable>>;
  for (const [key, variable] of Object.entries(ids) as [keyof typeof ids, CernerVariable][]) {
    const v = get(variable);
    if (v !== undefined) live[key] = v;
  }
  return {
    tenant,
    hl7: { ...(host !== undefined ? { host } : {}), ...(port !== undefined ? { port } : {}) },
    live,
    unknownVariables,
  };
}
