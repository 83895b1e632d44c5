import type { KeyObject } from 'node:crypto';
import { importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK } from 'jose';
import { SmartAuthError } from './errors.js';

/** Algorithms SMART Backend Services requires clients to support; Cerner accepts both. */
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

/** A private key: a WebCrypto or Node key, a private JWK, or a PKCS#8 PEM string. */
export type PrivateKeyInput = CryptoKey | KeyObject | JWK | string;

/** Options of {@link createClientAssertion}. */
export interface ClientAssertionOptions {
  clientId: string;
  /** The exact token URL the assertion is posted to (its `aud`). */
  tokenUrl: string;
  privateKey: PrivateKeyInput;
  keyId: string;
  alg: AssertionAlgorithm;
  /** JWKS URL registered for the client, sent as the `jku` header. */
  jku?: string;
  now?: () => number;
  /** Seconds until `exp`; default 240, at most 300 (SMART's 5-minute cap). */
  lifetimeSeconds?: number;
  jti?: string;
}

const keyCache = new WeakMap<object, Promise<CryptoKey | KeyObject>>();
const pemCache = new Map<string, Promise<CryptoKey | KeyObject>>();

/** Turns any accepted key form into a signing key, once per key. @internal */
export function importSigningKey(key: PrivateKeyInput, alg: AssertionAlgorithm): Promise<CryptoKey | KeyObject> {
  if (typeof key === 'string') {
    const cacheKey = `${alg}:${key}`;
    let p = pemCache.get(cacheKey);
    if (!p) {
      p = importPKCS8(key, alg);
      pemCache.set(cacheKey, p);
      p.catch(() => pemCache.delete(cacheKey));
    }
    return p;
  }
  if ('kty' in key && typeof key.kty === 'string') {
    const cached = keyCache.get(key);
    if (cached) return cached;
    const imported = importJWK(key, alg).then((k) => {
      if (k instanceof Uint8Array) throw new TypeError('a symmetric JWK cannot sign an assertion');
      return k;
    });
    keyCache.set(key, imported);
    return imported;
  }
  return Promise.resolve(key as CryptoKey | KeyObject);
}

/**
 * Signs a SMART Backend Services client assertion (RFC 7523, SMART App Launch 2.x
 * "client-confidential-asymmetric"): header `alg`, `kid`, `typ: JWT` (and `jku` when given);
 * claims `iss` = `sub` = client id, `aud` = token URL, `exp` at most 5 minutes ahead, a unique
 * `jti`, and `iat`.
 *
 * @throws {@link SmartAuthError} `invalid_options` for a bad algorithm, lifetime or key
 * @example
 * ```ts
 * const jwt = await createClientAssertion({
 *   clientId: 'my-system-app', tokenUrl, privateKey: pkcs8Pem, keyId: 'key-1', alg: 'RS384',
 * });
 * ```
 */
export async function createClientAssertion(options: ClientAssertionOptions): Promise<string> {
  if (!ASSERTION_ALGORITHMS.includes(options.alg)) {
    throw new SmartAuthError('invalid_options', `credentials.alg must be RS384 or ES384`, { field: 'credentials.alg' });
  }
  const lifetime = options.lifetimeSeconds ?? 240;
  if (!(lifetime > 0 && lifetime <= 300)) {
    throw new SmartAuthError('invalid_options', 'lifetimeSeconds must be between 1 and 300 (SMART caps exp at 5 minutes)', {
      field: 'lifetimeSeconds',
    });
  }
  let key: CryptoKey | KeyObject;
  try {
    key = await importSigningKey(options.privateKey, options.alg);
  } catch (cause) {
    throw new SmartAuthError('invalid_options', `credentials.privateKey cannot be used for ${options.alg}`, {
      field: 'credentials.privateKey',
      cause,
    });
  }
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: options.alg, kid: options.keyId, typ: 'JWT', ...(options.jku ? { jku: options.jku } : {}) })
    .setIssuer(options.clientId)
    .setSubject(options.clientId)
    .setAudience(options.tokenUrl)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + lifetime)
    .setJti(options.jti ?? crypto.randomUUID())
    .sign(key);
}
