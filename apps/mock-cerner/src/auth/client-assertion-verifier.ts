import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { ClientRegistry } from './client-registry.js';
import { selectKey, type JwksResolver } from './jwks-resolver.js';
import type { ReplayCache } from './replay-cache.js';
import { TokenError, TokenErrorUrn } from './token-errors.js';

/** The only signing algorithms accepted for client assertions (what Cerner allows). */
export const ALLOWED_ASSERTION_ALGS = ['RS384', 'ES384'] as const;
/** SMART: `exp` no more than five minutes in the future. */
const MAX_LIFETIME_S = 300;
const LEEWAY_S = 30;

/**
 * Verifies a SMART Backend Services client assertion (RFC 7523; SMART App Launch 2.x
 * client-confidential-asymmetric) and returns the client id. Every failure is 401
 * `invalid_client` with a Cerner-style URN.
 */
export async function verifyClientAssertion(
  assertion: string,
  ctx: {
    tokenUrl: string;
    formClientId: string | undefined;
    clients: ClientRegistry;
    jwks: JwksResolver;
    replay: ReplayCache;
    now: () => number;
  },
): Promise<string> {
  const fail = (urn: TokenErrorUrn, reason: string, clientId?: string): TokenError =>
    new TokenError(401, 'invalid_client', urn, reason, clientId);

  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw fail(TokenErrorUrn.invalidAssertion, 'client_assertion is not a JWT');
  }
  const iss = typeof claims.iss === 'string' ? claims.iss : undefined;
  if (!header.alg || !(ALLOWED_ASSERTION_ALGS as readonly string[]).includes(header.alg)) {
    throw fail(TokenErrorUrn.invalidSignature, `alg ${String(header.alg)} not allowed`, iss);
  }
  if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') throw fail(TokenErrorUrn.invalidAssertion, 'typ is not JWT', iss);
  if (typeof header.kid !== 'string' || header.kid === '') throw fail(TokenErrorUrn.invalidSignature, 'kid missing', iss);
  if (!iss || claims.sub !== iss) throw fail(TokenErrorUrn.invalidAssertion, 'iss and sub must both be the client id', iss);
  if (ctx.formClientId !== undefined && ctx.formClientId !== iss) throw fail(TokenErrorUrn.invalidAssertion, 'client_id differs from iss', iss);
  const client = ctx.clients.get(iss);
  if (!client) throw fail(TokenErrorUrn.invalidClientCredentials, 'unknown client');
  if (!client.jwks && !client.jwksUrl) throw fail(TokenErrorUrn.invalidSignature, 'client has no registered keys', iss);
  if (header.jku !== undefined && header.jku !== client.jwksUrl) throw fail(TokenErrorUrn.invalidSignature, 'jku is not the registered JWKS URL', iss);

  const jwks = await ctx.jwks.keySet(client);
  const key = jwks ? selectKey(jwks, header.kid, header.alg) : undefined;
  if (!key) throw fail(TokenErrorUrn.invalidSignature, 'no single key matches kid and alg', iss);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, key, {
      algorithms: [header.alg],
      audience: ctx.tokenUrl,
      issuer: iss,
      subject: iss,
      requiredClaims: ['exp', 'jti'],
      currentDate: new Date(ctx.now()),
      clockTolerance: LEEWAY_S,
    }));
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    const urn = code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ? TokenErrorUrn.invalidSignature : TokenErrorUrn.invalidAssertion;
    throw fail(urn, `assertion rejected (${code || 'invalid'})`, iss);
  }
  const nowS = Math.floor(ctx.now() / 1000);
  if (typeof payload.exp !== 'number' || payload.exp > nowS + MAX_LIFETIME_S + LEEWAY_S) {
    throw fail(TokenErrorUrn.invalidAssertion, 'exp more than 5 minutes ahead', iss);
  }
  if (typeof payload.jti !== 'string' || payload.jti === '') throw fail(TokenErrorUrn.invalidAssertion, 'jti missing', iss);
  if (!ctx.replay.remember(iss, payload.jti, payload.exp)) {
    throw fail(TokenErrorUrn.replayedAssertion, 'jti already used', iss);
  }
  return iss;
}
