import { KeyObject } from 'node:crypto';
import { importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK } from 'jose';
import { invalidOption, SmartAuthError } from './errors.js';

/**
 * The signing algorithms SMART Backend Services clients must support; Cerner accepts both.
 *
 * @example
 * ```ts
 * ASSERTION_ALGORITHMS.includes(alg); // guard user input
 * ```
 */
export const ASSERTION_ALGORITHMS: readonly ['RS384', 'ES384'] = ['RS384', 'ES384'];
/**
 * `RS384` or `ES384`.
 *
 * @example
 * ```ts
 * const alg: AssertionAlgorithm = process.env.CERNER_KEY_ALG === 'ES384' ? 'ES384' : 'RS384';
 * ```
 */
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

/**
 * A private key: a WebCrypto `CryptoKey`, a Node `KeyObject`, a private JWK, or a PKCS#8 PEM string.
 *
 * @example
 * ```ts
 * const key: PrivateKeyInput = await readFile('private-key.pem', 'utf8'); // -----BEGIN PRIVATE KEY-----
 * ```
 */
export type PrivateKeyInput = CryptoKey | KeyObject | JWK | string;

/**
 * Options of {@link createClientAssertion}.
 *
 * @example
 * ```ts
 * const opts: ClientAssertionOptions = { clientId, tokenUrl, privateKey: pem, keyId: 'k1', alg: 'RS384' };
 * ```
 */
export interface ClientAssertionOptions {
  /** `iss` and `sub`. */
  clientId: string;
  /** The exact token URL the assertion is posted to; it becomes `aud` verbatim. */
  tokenUrl: string;
  privateKey: PrivateKeyInput;
  /** `kid`: the id of the key in the JWKS registered for the client. */
  keyId: string;
  alg: AssertionAlgorithm;
  /** The JWKS URL registered for the client, sent as the `jku` header. */
  jku?: string;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Seconds until `exp`: default 240, at most 300 (SMART caps `exp` at 5 minutes). */
  lifetimeSeconds?: number;
  /** Default `crypto.randomUUID()`. */
  jti?: string;
}

/**
 * Default assertion lifetime in seconds: 4 minutes, so a server clock a little behind ours never
 * sees more than SMART's 5.
 *
 * @example
 * ```ts
 * createClientAssertion({ ...opts, lifetimeSeconds: DEFAULT_ASSERTION_LIFETIME_SECONDS });
 * ```
 */
export const DEFAULT_ASSERTION_LIFETIME_SECONDS = 240;
const MAX_LIFETIME_SECONDS = 300;

function isAlgorithm(alg: unknown): alg is AssertionAlgorithm {
  return alg === 'RS384' || alg === 'ES384';
}

/**
 * Checks, without importing it, that a key can be a private signing key for `alg`; returns the
 * problem (never any key material) or undefined.
 * @internal
 *
 * @param key - the caller's key
 * @param alg - RS384 or ES384
 * @returns a description of the problem, or undefined when it looks usable
 * @example
 * ```ts
 * privateKeyProblem(publicJwk, 'ES384'); // 'is a public JWK (no "d"): pass the private key'
 * ```
 */
export function privateKeyProblem(key: unknown, alg: AssertionAlgorithm): string | undefined {
  const wantKty = alg === 'RS384' ? 'RSA' : 'EC';
  if (typeof key === 'string') {
    if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(key)) {
      return 'is a public key or certificate: pass the private key';
    }
    if (/-----BEGIN (RSA|EC) PRIVATE KEY-----/.test(key)) {
      return 'is a PKCS#1/SEC1 PEM: convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)';
    }
    if (!key.includes('-----BEGIN PRIVATE KEY-----')) {
      return "must be a PKCS#8 PEM ('-----BEGIN PRIVATE KEY-----')";
    }
    return undefined;
  }
  if (key instanceof KeyObject) {
    if (key.type !== 'private') return `is a ${key.type} KeyObject: pass the private key`;
    const want = alg === 'RS384' ? 'rsa' : 'ec';
    if (key.asymmetricKeyType !== want) {
      return `is a ${key.asymmetricKeyType ?? 'unknown'} key, ${alg} needs ${want}`;
    }
    return undefined;
  }
  if (typeof globalThis.CryptoKey === 'function' && key instanceof globalThis.CryptoKey) {
    if (key.type !== 'private') return `is a ${key.type} CryptoKey: pass the private key`;
    return undefined;
  }
  if (typeof key === 'object' && key !== null && 'kty' in key) {
    const jwk = key as JWK;
    if (typeof jwk.d !== 'string') return 'is a public JWK (no "d"): pass the private key';
    if (jwk.kty !== wantKty) return `is a ${String(jwk.kty)} JWK, ${alg} needs ${wantKty}`;
    if (alg === 'ES384' && jwk.crv !== 'P-384') {
      return `is a ${String(jwk.crv)} JWK, ES384 needs P-384`;
    }
    return undefined;
  }
  return 'must be a CryptoKey, a KeyObject, a private JWK or a PKCS#8 PEM string';
}

const jwkCache = new WeakMap<object, Promise<CryptoKey>>();

/**
 * Turns any accepted key form into a key jose can sign with (WebCrypto keys are imported
 * non-extractable). JWK objects are imported once per object.
 * @internal
 *
 * @param key - the caller's key
 * @param alg - RS384 or ES384 (jose binds a key to its algorithm)
 * @returns the signing key
 * @throws {@link SmartAuthError} `invalid_options` (field `credentials.privateKey`) when it cannot sign with `alg`
 * @example
 * ```ts
 * const key = await importSigningKey(pem, 'RS384');
 * ```
 */
export async function importSigningKey(
  key: PrivateKeyInput,
  alg: AssertionAlgorithm,
): Promise<CryptoKey | KeyObject> {
  const problem = privateKeyProblem(key, alg);
  if (problem !== undefined) invalidOption('credentials.privateKey', problem);
  try {
    if (typeof key === 'string') return await importPKCS8(key, alg);
    if (
      key instanceof KeyObject ||
      (typeof globalThis.CryptoKey === 'function' && key instanceof globalThis.CryptoKey)
    ) {
      return key;
    }
    let imported = jwkCache.get(key);
    if (!imported) {
      imported = importJWK(key as JWK, alg).then((k) => {
        if (k instanceof Uint8Array) {
          throw new TypeError('a symmetric key cannot sign a client assertion');
        }
        return k;
      });
      jwkCache.set(key, imported);
      imported.catch(() => jwkCache.delete(key));
    }
    return await imported;
  } catch (cause) {
    // jose's messages name the problem (curve, format) and never the key itself.
    throw new SmartAuthError(
      'invalid_options',
      `credentials.privateKey: cannot be used to sign ${alg}`,
      {
        field: 'credentials.privateKey',
        cause,
      },
    );
  }
}

/**
 * Signs a SMART Backend Services client assertion (SMART App Launch 2.x
 * "client-confidential-asymmetric", RFC 7523): header `alg`, `kid`, `typ: JWT` (and `jku` when
 * given); claims `iss` = `sub` = client id, `aud` = the token URL exactly, `exp` at most 5 minutes
 * ahead (default 4), a unique `jti`, and `iat`.
 *
 * @param options - client id, token URL, key, key id, algorithm; optional jku, now, lifetimeSeconds, jti
 * @returns the compact JWS, for the `client_assertion` form parameter
 * @throws {@link SmartAuthError} `invalid_options` for a missing field, an algorithm other than
 *   RS384/ES384, a lifetime outside 1-300 s, or a key that cannot sign with the algorithm
 * @example
 * ```ts
 * const assertion = await createClientAssertion({
 *   clientId: 'my-system-app',
 *   tokenUrl: 'https://authorization.cerner.com/tenants/ec2458f2-1e24-41c8-b71b-0e701af7583d/protocols/oauth2/profiles/smart-v1/token',
 *   privateKey: process.env.PRIVATE_KEY_PEM!,
 *   keyId: 'key-2026-11',
 *   alg: 'ES384',
 * });
 * ```
 */
export async function createClientAssertion(options: ClientAssertionOptions): Promise<string> {
  if (typeof options !== 'object' || options === null) {
    invalidOption('options', 'expected an object');
  }
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '') {
    invalidOption('clientId', 'required, a non-empty string');
  }
  if (typeof options.tokenUrl !== 'string' || !URL.canParse(options.tokenUrl)) {
    invalidOption('tokenUrl', 'must be an absolute URL');
  }
  if (typeof options.keyId !== 'string' || options.keyId === '') {
    invalidOption('credentials.keyId', 'required: the kid of the key in the registered JWKS');
  }
  if (!isAlgorithm(options.alg)) invalidOption('credentials.alg', 'must be RS384 or ES384');
  if (
    options.jku !== undefined &&
    (typeof options.jku !== 'string' ||
      !/^https?:\/\//i.test(options.jku) ||
      !URL.canParse(options.jku))
  ) {
    invalidOption('credentials.jku', 'must be the absolute http(s) URL of the registered JWKS');
  }
  const lifetime = options.lifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS;
  if (typeof lifetime !== 'number' || !(lifetime >= 1 && lifetime <= MAX_LIFETIME_SECONDS)) {
    invalidOption('lifetimeSeconds', 'must be between 1 and 300 (SMART caps exp at 5 minutes)');
  }
  const jti = options.jti ?? crypto.randomUUID();
  if (typeof jti !== 'string' || jti === '') invalidOption('jti', 'must be a non-empty string');
  const key = await importSigningKey(options.privateKey, options.alg);
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const header = {
    alg: options.alg,
    kid: options.keyId,
    typ: 'JWT',
    ...(options.jku !== undefined ? { jku: options.jku } : {}),
  };
  try {
    return await new SignJWT({})
      .setProtectedHeader(header)
      .setIssuer(options.clientId)
      .setSubject(options.clientId)
      .setAudience(options.tokenUrl)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + Math.floor(lifetime))
      .setJti(jti)
      .sign(key);
  } catch (cause) {
    throw new SmartAuthError(
      'invalid_options',
      `credentials.privateKey: cannot be used to sign ${options.alg}`,
      {
        field: 'credentials.privateKey',
        cause,
      },
    );
  }
}
