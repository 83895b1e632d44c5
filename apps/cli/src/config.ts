import { readFile } from 'node:fs/promises';
import { createBackendAuth, SmartAuthError, type BackendAuth } from '@cerner-kit/smart-auth';
import {
  cernerFhirBaseUrl,
  cernerTokenUrl,
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

/** Thrown for a configuration the user must fix; the message names the variable. */
export class ConfigError extends Error {}

/**
 * Reads `CERNER_TENANT_ID`, `CERNER_ENVIRONMENT` or `CERNER_FHIR_BASE_URL`, `CERNER_TOKEN_URL`,
 * `CERNER_CLIENT_ID`, `CERNER_CLIENT_SECRET` or `CERNER_PRIVATE_KEY_FILE` + `CERNER_KEY_ID`
 * (+ `CERNER_KEY_ALG`), `CERNER_MRN_SYSTEM`. With none set, starts an embedded mock.
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
  return new ConfigError(`${variable}: ${why}`);
}

async function connectTo(env: NodeJS.ProcessEnv): Promise<Connection> {
  const any = Object.keys(env).some(
    (k) => k.startsWith('CERNER_') && k !== 'CERNER_LIVE' && env[k],
  );
  if (!any) {
    const mock = await startMockCerner({ port: 0 });
    const c = mock.clients[0]!;
    const auth = createBackendAuth({
      clientId: c.clientId,
      credentials: { clientSecret: c.clientSecret! },
      tokenUrl: mock.tokenUrl,
    });
    return {
      mode: 'embedded-mock',
      auth,
      fhirBaseUrl: mock.fhirBaseUrl,
      client: createCernerClient({ fhirBaseUrl: mock.fhirBaseUrl, auth }),
      close: () => mock.close(),
    };
  }
  const need = (k: string): string => {
    const v = env[k];
    if (!v) throw new ConfigError(`${k} is required when CERNER_* variables are set`);
    return v;
  };
  const tenantId = env.CERNER_TENANT_ID;
  const environment = env.CERNER_ENVIRONMENT;
  if (environment !== undefined && environment !== 'sandbox' && environment !== 'production') {
    throw new ConfigError("CERNER_ENVIRONMENT must be 'sandbox' or 'production'");
  }
  const fhirBaseUrl =
    env.CERNER_FHIR_BASE_URL ??
    (tenantId && environment ? cernerFhirBaseUrl(tenantId, environment) : undefined);
  if (!fhirBaseUrl) {
    throw new ConfigError('set CERNER_FHIR_BASE_URL, or CERNER_TENANT_ID with CERNER_ENVIRONMENT');
  }
  const tokenUrl = env.CERNER_TOKEN_URL ?? (tenantId ? cernerTokenUrl(tenantId) : undefined);
  const clientId = need('CERNER_CLIENT_ID');
  let auth: BackendAuth;
  if (env.CERNER_CLIENT_SECRET) {
    auth = createBackendAuth({
      clientId,
      credentials: { clientSecret: env.CERNER_CLIENT_SECRET },
      ...(tokenUrl ? { tokenUrl } : { fhirBaseUrl }),
    });
  } else if (env.CERNER_PRIVATE_KEY_FILE) {
    const rawAlg = env.CERNER_KEY_ALG || 'RS384';
    if (rawAlg !== 'RS384' && rawAlg !== 'ES384') {
      throw new ConfigError("CERNER_KEY_ALG must be 'RS384' or 'ES384'");
    }
    const alg = rawAlg;
    const keyFile = env.CERNER_PRIVATE_KEY_FILE;
    const privateKey = await readFile(keyFile, 'utf8').catch((e: unknown) => {
      const code = (e as { code?: unknown }).code;
      throw new ConfigError(
        `CERNER_PRIVATE_KEY_FILE: cannot read ${keyFile}${typeof code === 'string' ? ` (${code})` : ''}`,
      );
    });
    auth = createBackendAuth({
      clientId,
      credentials: { privateKey, keyId: need('CERNER_KEY_ID'), alg },
      ...(tokenUrl ? { tokenUrl } : { fhirBaseUrl }),
    });
  } else {
    throw new ConfigError(
      'set CERNER_CLIENT_SECRET, or CERNER_PRIVATE_KEY_FILE with CERNER_KEY_ID',
    );
  }
  const client = createCernerClient({
    fhirBaseUrl,
    auth,
    ...(env.CERNER_MRN_SYSTEM ? { mrnSystem: env.CERNER_MRN_SYSTEM } : {}),
  });
  return { mode: 'tenant', client, auth, fhirBaseUrl, close: () => Promise.resolve() };
}
