import type { KeyObject } from 'node:crypto';
import type { CryptoKey } from 'jose';
import type { ClientCredentials } from './backend-auth-options.js';
import { createClientAssertion, importSigningKey } from './client-assertion.js';
import type { ClientAuthentication } from './token-request.js';

/**
 * The client authentication seam of `createBackendAuth`: for each token request, the Basic
 * credentials (client_secret_basic), or a new client assertion for the token URL
 * (private_key_jwt; the private key is imported once, a failed import is retried).
 * @internal
 *
 * @param o - client id, credentials, clock, `jti` generator
 * @returns `authenticate(tokenUrl)`
 * @example
 * ```ts
 * const authenticate = createClientAuthenticator({ clientId, credentials, now: Date.now, randomId: () => crypto.randomUUID() });
 * const auth = await authenticate(tokenUrl); // { kind: 'private_key_jwt', assertion }
 * ```
 */
export function createClientAuthenticator(o: {
  clientId: string;
  credentials: ClientCredentials;
  now: () => number;
  randomId: () => string;
}): (tokenUrl: string) => Promise<ClientAuthentication> {
  const { clientId, credentials } = o;
  let signingKey: Promise<CryptoKey | KeyObject> | undefined;
  const getSigningKey = (): Promise<CryptoKey | KeyObject> => {
    if (!('privateKey' in credentials)) throw new Error('unreachable: no private key');
    if (signingKey === undefined) {
      const p = importSigningKey(credentials.privateKey, credentials.alg);
      p.catch(() => {
        if (signingKey === p) signingKey = undefined;
      });
      signingKey = p;
    }
    return signingKey;
  };

  return async (tokenUrl) => {
    if ('clientSecret' in credentials) {
      return { kind: 'client_secret_basic', clientId, clientSecret: credentials.clientSecret };
    }
    const assertion = await createClientAssertion({
      clientId,
      tokenUrl,
      privateKey: await getSigningKey(),
      keyId: credentials.keyId,
      alg: credentials.alg,
      now: o.now,
      jti: o.randomId(),
      ...(credentials.jku !== undefined ? { jku: credentials.jku } : {}),
    });
    return { kind: 'private_key_jwt', assertion };
  };
}
