import {
  CernerConfigError,
  cernerConfigFromEnv,
  readCernerCredentials,
  type CernerTenantConfig,
} from '@cerner-kit/core';
import { createBackendAuth, SmartAuthError, type BackendAuth } from '@cerner-kit/smart-auth';
import {
  createCernerClient,
  FhirActionError,
  type CernerClient,
} from '@cerner-kit/fhir-r4-actions';
import { startMockCerner } from '@cerner-kit/mock-cerner';

/** A connected client: to a real tenant from CERNER_* variables, or to an embedded mock. */
export interface Connection {
  mode: 'tenant' | 'embedded-mock';
  client: CernerClient;
  auth: BackendAuth;
  fhirBaseUrl: string;
  /** Set for the embedded mock: its MLLP port, if it listens for HL7. */
  close(): Promise<void>;
}

/**
 * Thrown for a configuration the user must fix; the message names the variable. The same class
 * as core's `CernerConfigError`, which `cernerConfigFromEnv` throws.
 */
export const ConfigError = CernerConfigError;
/** An instance of {@link ConfigError}. */
export type ConfigError = CernerConfigError;

/**
 * Reads the `CERNER_*` variables with core's `cernerConfigFromEnv` (the contract suites read them
 * the same way): `CERNER_TENANT_ID`, `CERNER_ENVIRONMENT` or `CERNER_FHIR_BASE_URL`,
 * `CERNER_TOKEN_URL`, `CERNER_CLIENT_ID`, `CERNER_CLIENT_SECRET` or `CERNER_PRIVATE_KEY_FILE` +
 * `CERNER_KEY_ID` (+ `CERNER_KEY_ALG`), `CERNER_MRN_SYSTEM`. With none set, starts an embedded mock.
 */
export async function connect(env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  try {
    return await connectTo(env);
  } catch (e) {
    throw asConfigError(e, env);
  }
}

/** Option names of smart-auth / fhir-r4-actions, and the variable that sets each. */
const OPTION_VARIABLES: Record<string, (env: NodeJS.ProcessEnv) => string> = {
  fhirBaseUrl: (env) => (env.CERNER_FHIR_BASE_URL ? 'CERNER_FHIR_BASE_URL' : 'CERNER_TENANT_ID'),
  tokenUrl: (env) => (env.CERNER_TOKEN_URL ? 'CERNER_TOKEN_URL' : 'CERNER_TENANT_ID'),
  clientId: () => 'CERNER_CLIENT_ID',
  'credentials.clientSecret': () => 'CERNER_CLIENT_SECRET',
  'credentials.privateKey': () => 'CERNER_PRIVATE_KEY_FILE',
  'credentials.keyId': () => 'CERNER_KEY_ID',
  mrnSystem: () => 'CERNER_MRN_SYSTEM',
};

/**
 * A refused option (smart-auth `invalid_options`, fhir-r4-actions `invalid_input`) becomes a
 * ConfigError naming the variable; their messages never contain the secret or key.
 */
function asConfigError(e: unknown, env: NodeJS.ProcessEnv): unknown {
  const refused =
    (SmartAuthError.isInstance(e) && e.code === 'invalid_options') ||
    (FhirActionError.isInstance(e) && e.code === 'invalid_input');
  const field = refused ? (e as { field?: string }).field : undefined;
  const variable = field !== undefined ? OPTION_VARIABLES[field]?.(env) : undefined;
  if (variable === undefined) return e;
  const why = (e as Error).message.replace(/^(createCernerClient: )?[\w.]+: /, '');
  return new ConfigError(variable, `${variable}: ${why}`);
}

/** A client for a tenant configuration (from CERNER_*, or the embedded mock's). */
async function clientFor(
  tenant: CernerTenantConfig,
): Promise<Pick<Connection, 'auth' | 'client' | 'fhirBaseUrl'>> {
  const { fhirBaseUrl, tokenUrl, clientId, mrnSystem } = tenant;
  const auth = createBackendAuth({
    clientId,
    credentials: await readCernerCredentials(tenant.credentials),
    ...(tokenUrl ? { tokenUrl } : { fhirBaseUrl }),
  });
  const client = createCernerClient({ fhirBaseUrl, auth, ...(mrnSystem ? { mrnSystem } : {}) });
  return { auth, client, fhirBaseUrl };
}

async function connectTo(env: NodeJS.ProcessEnv): Promise<Connection> {
  const { tenant } = cernerConfigFromEnv(env);
  if (tenant !== undefined) {
    return { mode: 'tenant', ...(await clientFor(tenant)), close: () => Promise.resolve() };
  }
  const mock = await startMockCerner({ port: 0 });
  const { clientId, clientSecret } = mock.clients[0]!;
  const embedded = await clientFor({
    fhirBaseUrl: mock.fhirBaseUrl,
    tokenUrl: mock.tokenUrl,
    clientId,
    credentials: { kind: 'client_secret', clientSecret: clientSecret! },
  });
  return { mode: 'embedded-mock', ...embedded, close: () => mock.close() };
}
