import { CERNER_AUTHORIZATION_ORIGIN } from '@cerner-kit/core';
import {
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { TOKEN_EXPIRES_IN_SECONDS, TOKEN_LIFETIME_SECONDS } from '../config.js';

/**
 * What a valid access token says.
 *
 * @example
 * ```ts
 * const claims: AccessTokenClaims | undefined = await state.accessTokens.verify(token);
 * claims?.scopes; // ['system/Patient.read']
 * ```
 */
export interface AccessTokenClaims {
  clientId: string;
  tenantId: string;
  /** The granted scopes, as the client requested them. */
  scopes: string[];
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * Issues and verifies the mock's access tokens: ES256 JWTs shaped like Cerner's (`kid` such as
 * `2020-07-28T17:36:09.004.ec`; claims `iss`, `sub`, `azp`, `aud`, `exp`, `iat`, `jti` and
 * `urn:com:cerner:authorization:claims` `{ver, tnt, azs}`).
 *
 * @example
 * ```ts
 * const { token } = await state.accessTokens.issue('app', ['system/Patient.read']);
 * await state.accessTokens.verify(token); // { clientId: 'app', tenantId, scopes: [...], expiresAt }
 * ```
 */
export interface AccessTokenIssuer {
  /** Signs a token for the client with the granted scopes; `expiresIn` is what the response reports (570). */
  issue(clientId: string, scopes: string[]): Promise<{ token: string; expiresIn: number }>;
  /**
   * The claims of a valid, unexpired, unrevoked token issued by this mock for this tenant;
   * undefined otherwise (also for a token without `iat`, issued more than a minute in the
   * future, or living longer than the 600 s this issuer grants). Verified tokens are cached (bounded) until they expire, so the
   * per-request check on the FHIR side is a Map lookup.
   */
  verify(token: string): Promise<AccessTokenClaims | undefined>;
  /** Makes a token unusable (it fails `verify` from now on); unknown strings are ignored. */
  revoke(token: string): void;
  /** The public key set (served at `/jwk`). */
  publicJwks(): Promise<{ keys: JWK[] }>;
}

/**
 * Options of {@link createAccessTokenIssuer}.
 * @example
 * ```ts
 * createAccessTokenIssuer({ tenantId, now: Date.now, cacheSize: 1000 });
 * ```
 */
export interface AccessTokenIssuerOptions {
  tenantId: string;
  /** Clock, epoch ms. */
  now: () => number;
  /** `iss` claim (default `https://authorization.cerner.com/`, as Cerner). */
  issuer?: string;
  /** Verified tokens kept in the cache (default 10 000). */
  cacheSize?: number;
  /**
   * The ES256 signing key pair (default: generated at creation). Tests pass their own to sign
   * tokens the issuer did not issue (an over-long lifetime, an `iat` in the future).
   */
  keyPair?: { privateKey: CryptoKey; publicKey: CryptoKey };
}

/**
 * Cerner's private claim holding `{ver, tnt, azs}`.
 * @example
 * ```ts
 * decodeJwt(token)[CERNER_CLAIMS]; // { ver: '1.0', tnt: tenantId, azs: 'system/Patient.read' }
 * ```
 */
export const CERNER_CLAIMS = 'urn:com:cerner:authorization:claims';
/**
 * Cerner's token issuer.
 * @example
 * ```ts
 * decodeJwt(token).iss === CERNER_ISSUER; // true
 * ```
 */
export const CERNER_ISSUER = `${CERNER_AUTHORIZATION_ORIGIN}/`;
const MAX_TOKEN_LENGTH = 16 * 1024;
/** Clock skew allowed for `iat` (the mock's clock may be moved by tests). */
const IAT_LEEWAY_S = 60;

/**
 * Creates the issuer with a fresh ES256 signing key (generated now, in the background).
 *
 * @param options - tenant, clock, issuer, cache size
 * @returns the issuer
 * @example
 * ```ts
 * const tokens = createAccessTokenIssuer({ tenantId, now: Date.now });
 * ```
 */
export function createAccessTokenIssuer(options: AccessTokenIssuerOptions): AccessTokenIssuer {
  const { tenantId, now } = options;
  const issuer = options.issuer ?? CERNER_ISSUER;
  const cacheSize = options.cacheSize ?? 10_000;
  const kid = `${new Date(now()).toISOString().replace('Z', '')}.ec`;
  const keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> = options.keyPair
    ? Promise.resolve(options.keyPair)
    : generateKeyPair('ES256');
  const verified = new Map<string, { claims: AccessTokenClaims; jti: string }>();
  /** jti -> exp (epoch ms), until the token would have expired anyway. */
  const revoked = new Map<string, number>();

  const pruneRevoked = (t: number): void => {
    for (const [jti, exp] of revoked) if (exp <= t) revoked.delete(jti);
  };

  return {
    async issue(clientId, scopes) {
      const { privateKey } = await keys;
      const iat = Math.floor(now() / 1000);
      const token = await new SignJWT({
        [CERNER_CLAIMS]: { ver: '1.0', tnt: tenantId, azs: scopes.join(' ') },
        azp: clientId,
      })
        .setProtectedHeader({ kid, typ: 'JWT', alg: 'ES256' })
        .setSubject(clientId)
        .setAudience(tenantId)
        .setIssuer(issuer)
        .setExpirationTime(iat + TOKEN_LIFETIME_SECONDS)
        .setIssuedAt(iat)
        .setJti(crypto.randomUUID())
        .sign(privateKey);
      return { token, expiresIn: TOKEN_EXPIRES_IN_SECONDS };
    },

    async verify(token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
      const t = now();
      const hit = verified.get(token);
      if (hit) {
        // Checked on every hit: another spelling of a revoked token (base64url's spare bits) may be cached.
        if (hit.claims.expiresAt > t && !revoked.has(hit.jti)) return hit.claims;
        verified.delete(token);
        return undefined;
      }
      try {
        const { publicKey } = await keys;
        const { payload } = await jwtVerify(token, publicKey, {
          algorithms: ['ES256'],
          issuer,
          audience: tenantId,
          requiredClaims: ['exp', 'iat', 'jti', 'sub'],
          currentDate: new Date(t),
        });
        // Only this issuer's lifetime is accepted: a token living longer than the mock ever issues,
        // or issued in the future, is refused even when its signature is good.
        const iat = payload.iat!;
        if (iat > t / 1000 + IAT_LEEWAY_S || payload.exp! - iat > TOKEN_LIFETIME_SECONDS) {
          return undefined;
        }
        const claims = payload[CERNER_CLAIMS] as { tnt?: unknown; azs?: unknown } | undefined;
        if (
          claims?.tnt !== tenantId ||
          typeof claims.azs !== 'string' ||
          typeof payload.sub !== 'string'
        ) {
          return undefined;
        }
        if (revoked.has(String(payload.jti))) return undefined;
        const result: AccessTokenClaims = {
          clientId: payload.sub,
          tenantId,
          // Frozen: scope checks index a frozen granted list once per token.
          scopes: Object.freeze(claims.azs.split(' ').filter(Boolean)) as string[],
          expiresAt: payload.exp! * 1000,
        };
        if (result.expiresAt <= t) return undefined;
        if (verified.size >= cacheSize) {
          for (const [k, v] of verified) if (v.claims.expiresAt <= t) verified.delete(k);
          // Still full: evict the oldest entry (insertion order).
          if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
        }
        verified.set(token, { claims: result, jti: String(payload.jti) });
        return result;
      } catch {
        return undefined;
      }
    },

    revoke(token) {
      verified.delete(token);
      try {
        const { jti, exp } = decodeJwt(token);
        if (typeof jti !== 'string' || typeof exp !== 'number') return;
        const t = now();
        if (revoked.size >= cacheSize) pruneRevoked(t);
        if (exp * 1000 > t) revoked.set(jti, exp * 1000);
      } catch {
        // not a JWT: nothing to revoke
      }
    },

    async publicJwks() {
      const { publicKey } = await keys;
      return { keys: [{ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'ES256' }] };
    },
  };
}
