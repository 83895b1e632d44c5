import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { TOKEN_EXPIRES_IN_SECONDS, TOKEN_LIFETIME_SECONDS } from '../config.js';

/** What a valid access token says. */
export interface AccessTokenClaims {
  clientId: string;
  tenantId: string;
  scopes: string[];
  /** Epoch ms. */
  expiresAt: number;
}

/** Issues and verifies the mock's access tokens (ES256 JWTs, like Cerner's). */
export interface AccessTokenIssuer {
  issue(clientId: string, scopes: string[]): Promise<{ token: string; expiresIn: number }>;
  /** The claims of a valid, unexpired token issued by this mock for this tenant; undefined otherwise. */
  verify(token: string): Promise<AccessTokenClaims | undefined>;
  /** The public key set, served at `/jwk`. */
  publicJwks(): Promise<{ keys: JWK[] }>;
}

const CLAIMS = 'urn:com:cerner:authorization:claims';
const ISSUER = 'https://authorization.cerner.com/';

/**
 * Creates the issuer with a fresh signing key. Verified tokens are cached (bounded) so the
 * per-request check on the FHIR side is a Map lookup.
 */
export function createAccessTokenIssuer(options: { tenantId: string; now: () => number }): AccessTokenIssuer {
  const { tenantId, now } = options;
  const kid = `${new Date(now()).toISOString().replace('Z', '')}.ec`;
  const keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> = generateKeyPair('ES256');
  const verified = new Map<string, AccessTokenClaims>();

  return {
    async issue(clientId, scopes) {
      const { privateKey } = await keys;
      const iat = Math.floor(now() / 1000);
      const token = await new SignJWT({ azp: clientId, [CLAIMS]: { ver: '1.0', tnt: tenantId, azs: scopes.join(' ') } })
        .setProtectedHeader({ kid, typ: 'JWT', alg: 'ES256' })
        .setIssuer(ISSUER)
        .setSubject(clientId)
        .setAudience(tenantId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + TOKEN_LIFETIME_SECONDS)
        .setJti(crypto.randomUUID())
        .sign(privateKey);
      return { token, expiresIn: TOKEN_EXPIRES_IN_SECONDS };
    },
    async verify(token) {
      const hit = verified.get(token);
      if (hit) {
        if (hit.expiresAt > now()) return hit;
        verified.delete(token);
        return undefined;
      }
      try {
        const { publicKey } = await keys;
        const { payload } = await jwtVerify(token, publicKey, {
          algorithms: ['ES256'],
          issuer: ISSUER,
          audience: tenantId,
          currentDate: new Date(now()),
        });
        const claims = payload[CLAIMS] as { tnt?: unknown; azs?: unknown } | undefined;
        if (claims?.tnt !== tenantId || typeof claims.azs !== 'string' || typeof payload.sub !== 'string') return undefined;
        const result: AccessTokenClaims = {
          clientId: payload.sub,
          tenantId,
          scopes: claims.azs.split(' ').filter(Boolean),
          expiresAt: payload.exp! * 1000,
        };
        if (verified.size > 5000) verified.clear();
        verified.set(token, result);
        return result;
      } catch {
        return undefined;
      }
    },
    async publicJwks() {
      const { publicKey } = await keys;
      return { keys: [{ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'ES256' }] };
    },
  };
}
