import { readFile } from 'node:fs/promises';
import { CernerConfigError } from './config-error.js';
import type { CernerCredentialsConfig } from './cerner-config-from-env.js';

/**
 * Credentials in the shape `createBackendAuth` takes (`credentials` option).
 *
 * @example
 * ```ts
 * const c: CernerCredentials = { clientSecret: 's' };
 * ```
 */
export type CernerCredentials =
  { clientSecret: string } | { privateKey: string; keyId: string; alg: 'RS384' | 'ES384' };

/**
 * Turns configured credentials into `createBackendAuth` credentials, reading the private key
 * file when there is one.
 *
 * @param config - `tenant.credentials` from `cernerConfigFromEnv`
 * @returns the credentials
 * @throws {@link CernerConfigError} for `CERNER_PRIVATE_KEY_FILE` when the file cannot be read
 *   (the message names the path and the system code, never the file's content)
 * @example
 * ```ts
 * const { tenant } = cernerConfigFromEnv(process.env);
 * if (tenant) {
 *   const credentials = await readCernerCredentials(tenant.credentials);
 * }
 * ```
 */
export async function readCernerCredentials(
  config: CernerCredentialsConfig,
): Promise<CernerCredentials> {
  if (config.kind === 'client_secret') return { clientSecret: config.clientSecret };
  const path = config.privateKeyFile;
  const privateKey = await readFile(path, 'utf8').catch((e: unknown) => {
    const code = (e as { code?: unknown }).code;
    throw new CernerConfigError(
      'CERNER_PRIVATE_KEY_FILE',
      `CERNER_PRIVATE_KEY_FILE: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  });
  return { privateKey, keyId: config.keyId, alg: config.alg };
}
