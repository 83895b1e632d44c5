import type { Request } from 'express';
import type { MockState } from '../state/mock-state.js';
import { parseBasicAuthorization } from './basic-credentials.js';
import { verifyClientAssertion } from './client-assertion-verifier.js';
import { secretsEqual } from './constant-time.js';
import { JwksResolver } from './jwks-resolver.js';
import { ReplayCache } from './replay-cache.js';
import { TokenError, TokenErrorUrn } from './token-errors.js';

/**
 * RFC 7523 client assertion type, the only one accepted.
 * @example
 * ```ts
 * form.get('client_assertion_type') === JWT_BEARER_ASSERTION_TYPE;
 * ```
 */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Authenticates the client of a token, revocation or introspection request.
 *
 * @param req - the request (its `Authorization` header)
 * @param form - the parsed form body
 * @param audience - the URL a client assertion's `aud` must name (the token endpoint's)
 * @returns the authenticated client id
 * @throws TokenError 401 `invalid_client` or 400 `invalid_request`
 */
export type ClientAuthenticator = (
  req: Request,
  form: ReadonlyMap<string, string>,
  audience: string,
) => Promise<string>;

/** How many `Authorization` header lines the request carried (raw headers alternate name, value). */
function authorizationHeaderCount(rawHeaders: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'authorization') n += 1;
  }
  return n;
}

const invalidRequest = (reason: string): TokenError =>
  new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, reason);

/**
 * How Cerner's authorization server knows the client: client_secret_basic (secrets compared in
 * constant time, also for unknown clients) or private_key_jwt (see `verifyClientAssertion`: allowed
 * algorithms, kid, iss/sub/aud/exp/jti, replay). Exactly one method; `client_id` in the form must
 * match; more than one `Authorization` header is refused (401 invalid_client). One JWKS cache and
 * one replay cache (one pool of jti per client) per mock, shared by every endpoint that uses it.
 *
 * @param state - the mock's state (clients, clock, fetch for JWKS URLs)
 * @returns the authenticator
 * @example
 * ```ts
 * const authenticate = createClientAuthenticator(state);
 * const clientId = await authenticate(req, form, tokenUrl);
 * ```
 */
export function createClientAuthenticator(state: MockState): ClientAuthenticator {
  const keys = new JwksResolver(state.fetch, state.now);
  const replay = new ReplayCache(state.now);

  /** client_secret_basic: the client the header names, if the secret matches. */
  const authenticateBasic = (
    authorization: string | undefined,
    formClientId: string | undefined,
  ): string => {
    if (authorization === undefined) {
      throw new TokenError(
        401,
        'invalid_client',
        TokenErrorUrn.invalidAuthorizationHeader,
        'no client authentication',
      );
    }
    const creds = parseBasicAuthorization(authorization);
    const client = state.clients.get(creds.clientId);
    // Compare even for unknown or key-based clients so timing does not reveal which ids exist.
    const ok = secretsEqual(creds.clientSecret, client?.clientSecret ?? '\u0000no-secret');
    if (!client || client.clientSecret === undefined || !ok) {
      throw new TokenError(
        401,
        'invalid_client',
        TokenErrorUrn.invalidClientCredentials,
        'bad client credentials',
      );
    }
    if (formClientId !== undefined && formClientId !== client.clientId) {
      throw new TokenError(
        401,
        'invalid_client',
        TokenErrorUrn.invalidClientCredentials,
        'client_id differs from the Basic credentials',
      );
    }
    return client.clientId;
  };

  return async (req, form, audience) => {
    // Node keeps only the first of several Authorization headers: count them on the wire, so a
    // good header cannot smuggle a second one past the check (or the other way round).
    if (authorizationHeaderCount(req.rawHeaders) > 1) {
      throw new TokenError(
        401,
        'invalid_client',
        TokenErrorUrn.invalidAuthorizationHeader,
        'more than one Authorization header',
      );
    }
    const authorization = req.get('authorization');
    const assertion = form.get('client_assertion');
    const assertionType = form.get('client_assertion_type');
    const formClientId = form.get('client_id');
    if (assertion !== undefined || assertionType !== undefined) {
      if (authorization !== undefined) throw invalidRequest('two client authentication methods');
      if (assertionType !== JWT_BEARER_ASSERTION_TYPE) {
        throw invalidRequest('client_assertion_type must be the jwt-bearer URN');
      }
      if (assertion === undefined || assertion === '') {
        throw invalidRequest('client_assertion missing');
      }
      return verifyClientAssertion(assertion, {
        tokenUrl: audience,
        formClientId,
        clients: state.clients,
        keys,
        replay,
        now: state.now,
      });
    }
    if (form.has('client_secret') && authorization !== undefined) {
      throw invalidRequest('two client authentication methods');
    }
    // client_secret_post is not offered by Cerner: without a Basic header, the header is what is missing.
    return authenticateBasic(authorization, formClientId);
  };
}
