import {
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import type { ClientRegistry } from './client-registry.js';
import type { JwksResolver } from './jwks-resolver.js';
import type { ReplayCache } from './replay-cache.js';
import { TokenError, TokenErrorUrn } from './token-errors.js';

/**
 * The only signing algorithms accepted for client assertions (Cerner's discovery: RS384, ES384).
 * @example
 * ```ts
 * (ALLOWED_ASSERTION_ALGS as readonly string[]).includes(header.alg);
 * ```
 */
export const ALLOWED_ASSERTION_ALGS = ['RS384', 'ES384'] as const;
/**
 * SMART: an assertion's `exp` is at most five minutes in the future.
 * @example
 * ```ts
 * const latestExp = nowS + MAX_ASSERTION_LIFETIME_S + ASSERTION_LEEWAY_S;
 * ```
 */
export const MAX_ASSERTION_LIFETIME_S = 300;
/**
 * Clock leeway for `exp`, `nbf`, `iat` and the five-minute bound.
 * @example
 * ```ts
 * await jwtVerify(jwt, key, { clockTolerance: ASSERTION_LEEWAY_S });
 * ```
 */
export const ASSERTION_LEEWAY_S = 30;
const MAX_ID_LENGTH = 256;

/**
 * What {@link verifyClientAssertion} needs.
 * @example
 * ```ts
 * const ctx: AssertionContext = { tokenUrl, formClientId: undefined, clients: state.clients, keys, replay, now: state.now };
 * ```
 */
export interface AssertionContext {
  /** The absolute URL the request was posted to: the only accepted `aud`. */
  tokenUrl: string;
  /** The form's `client_id`, when sent (must equal `iss`). */
  formClientId: string | undefined;
  clients: ClientRegistry;
  keys: JwksResolver;
  replay: ReplayCache;
  /** Clock, epoch ms. */
  now: () => number;
}

/**
 * Verifies a SMART Backend Services client assertion (RFC 7523, SMART App Launch 2.x
 * client-confidential-asymmetric) in the order SMART prescribes: header (without trusting it:
 * `alg` allow-list, `typ`, `kid`), issuer (`iss` = `sub` = a registered key-based client, = the
 * form's `client_id`), `jku` (must equal the registered URL, checked before any fetch), exactly one
 * key by `kid` + `kty`, signature, `aud` (this token URL, a single string, not a list), `exp` (present, not past, at most 5 min
 * ahead), `iat`/`nbf` if present, and `jti` (present, never seen for this `iss`).
 *
 * @param assertion - the `client_assertion` form value
 * @param ctx - token URL, registry, key resolver, replay cache, clock
 * @returns the authenticated client id
 * @throws {@link TokenError} 401 `invalid_client`, URN `invalid-signature` (alg, kid, key, signature,
 *   jku, no keys registered), `invalid-client-credentials` (unknown `iss`), `replayed-assertion`
 *   (jti reuse) or `invalid-assertion` (anything else)
 * @example
 * ```ts
 * const clientId = await verifyClientAssertion(form.get('client_assertion')!, { tokenUrl, formClientId, clients, keys, replay, now });
 * ```
 */
export async function verifyClientAssertion(
  assertion: string,
  ctx: AssertionContext,
): Promise<string> {
  const fail = (urn: TokenErrorUrn, reason: string, clientId?: string): TokenError =>
    new TokenError(401, 'invalid_client', urn, reason, clientId);

  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw fail(TokenErrorUrn.invalidAssertion, 'client_assertion is not a signed JWT');
  }
  const iss = typeof claims.iss === 'string' && claims.iss !== '' ? claims.iss : undefined;
  const client = iss !== undefined ? ctx.clients.get(iss) : undefined;
  const known = client ? iss : undefined; // error_uri names only registered clients
  const alg = header.alg;
  if (typeof alg !== 'string' || !(ALLOWED_ASSERTION_ALGS as readonly string[]).includes(alg)) {
    throw fail(
      TokenErrorUrn.invalidSignature,
      `alg ${String(alg).slice(0, 20)} not allowed`,
      known,
    );
  }
  // SMART Backend Services fixes the header `typ` to JWT. Cerner does not document whether it
  // accepts an assertion without one; refusing it is the safe side (mock-green stays Cerner-green).
  if (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT') {
    throw fail(TokenErrorUrn.invalidAssertion, 'typ missing or not JWT', known);
  }
  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '' || kid.length > MAX_ID_LENGTH) {
    throw fail(TokenErrorUrn.invalidSignature, 'kid missing or too long', known);
  }
  if (iss === undefined || claims.sub !== iss) {
    throw fail(TokenErrorUrn.invalidAssertion, 'iss and sub must both be the client id', known);
  }
  if (ctx.formClientId !== undefined && ctx.formClientId !== iss) {
    throw fail(TokenErrorUrn.invalidAssertion, 'client_id differs from iss', known);
  }
  if (!client) throw fail(TokenErrorUrn.invalidClientCredentials, 'unknown client');
  if (!client.jwks && !client.jwksUrl) {
    throw fail(
      TokenErrorUrn.invalidSignature,
      'client has no registered keys (secret-based client)',
      iss,
    );
  }
  if (header.jku !== undefined && header.jku !== client.jwksUrl) {
    throw fail(TokenErrorUrn.invalidSignature, 'jku is not the registered JWKS URL', iss);
  }

  const key = await ctx.keys.findKey(client, kid, alg);
  if (!key) throw fail(TokenErrorUrn.invalidSignature, 'no single key matches kid and alg', iss);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, key, {
      algorithms: [alg],
      audience: ctx.tokenUrl,
      issuer: iss,
      subject: iss,
      requiredClaims: ['exp', 'jti'],
      currentDate: new Date(ctx.now()),
      clockTolerance: ASSERTION_LEEWAY_S,
    }));
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    const urn =
      code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWS_INVALID'
        ? TokenErrorUrn.invalidSignature
        : TokenErrorUrn.invalidAssertion;
    throw fail(urn, `assertion rejected (${code || 'invalid'})`, iss);
  }
  // SMART: `aud` is the token URL, one string. jose also accepts a list that contains it, but
  // an assertion valid for several audiences can be replayed at the others (audience injection).
  if (typeof payload.aud !== 'string') {
    throw fail(TokenErrorUrn.invalidAssertion, 'aud must be a single string', iss);
  }
  const nowS = ctx.now() / 1000;
  if (
    typeof payload.exp !== 'number' ||
    payload.exp > nowS + MAX_ASSERTION_LIFETIME_S + ASSERTION_LEEWAY_S
  ) {
    throw fail(TokenErrorUrn.invalidAssertion, 'exp more than 5 minutes ahead', iss);
  }
  if (typeof payload.iat === 'number' && payload.iat > nowS + ASSERTION_LEEWAY_S) {
    throw fail(TokenErrorUrn.invalidAssertion, 'iat in the future', iss);
  }
  if (typeof payload.jti !== 'string' || payload.jti === '' || payload.jti.length > MAX_ID_LENGTH) {
    throw fail(TokenErrorUrn.invalidAssertion, 'jti missing or too long', iss);
  }
  if (!ctx.replay.remember(iss, payload.jti, payload.exp)) {
    throw fail(TokenErrorUrn.replayedAssertion, 'jti already used', iss);
  }
  return iss;
}
