import { Router, type Request, type Response } from 'express';
import { requestOrigin } from '../http/origin.js';
import type { MockState } from '../state/mock-state.js';
import type { ClientAuthenticator } from './client-authentication.js';
import { mountOAuthEndpoint } from './oauth-endpoint.js';
import { authUrls } from './smart-configuration.js';
import { sendCompactJson, setTokenHeaders, TokenError, TokenErrorUrn } from './token-errors.js';

/**
 * Cerner's revocation endpoint in both URL forms (the token URL plus `/revoke`), as advertised in
 * discovery (`revocation_endpoint`) and the CapabilityStatement's `oauth-uris`.
 * @example
 * ```ts
 * `${origin}/tenants/${tenant}/protocols/oauth2/profiles/smart-v1/token/revoke`;
 * ```
 */
export const REVOKE_ROUTE_PATHS = [
  '/tenants/:tenant/protocols/oauth2/profiles/smart-v1/token/revoke',
  '/tenants/:tenant/hosts/:host/protocols/oauth2/profiles/smart-v1/token/revoke',
] as const;

/**
 * Cerner's introspection endpoint (`introspection_endpoint`), at the authorization server's root.
 * @example
 * ```ts
 * `${origin}${INTROSPECTION_PATH}`;
 * ```
 */
export const INTROSPECTION_PATH = '/tokeninfo';

const tokenParam = (form: ReadonlyMap<string, string>): string => {
  const token = form.get('token');
  if (token === undefined || token === '') {
    throw new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, 'token missing');
  }
  return token;
};

/**
 * Token revocation (RFC 7009) and introspection (RFC 7662) for the mock's access tokens, with the
 * same client authentication, limits, headers and refusals as the token endpoint.
 *
 * - `POST …/token/revoke` with `token=<access token>`: 200 with an empty body, whether or not the
 *   token was valid (RFC 7009 §2.2). A token of the authenticated client stops working at once
 *   (the FHIR side answers 401); another client's token is left alone. `token_type_hint` is
 *   ignored (the mock issues access tokens only).
 * - `POST /tokeninfo` with `token=<access token>`: `{active: true, scope, client_id, sub,
 *   token_type, exp}` for a live token of the authenticated client, `{active: false}` otherwise
 *   (expired, revoked, unknown, or another client's).
 *
 * A client assertion's `aud` is the token URL: the revocation URL without `/revoke`, and for
 * `/tokeninfo` the advertised token endpoint. Cerner documents neither endpoint for system
 * accounts; the shapes are the RFCs' (a mock choice, listed in the README).
 *
 * @param state - the mock's state
 * @param authenticate - the client authentication shared with the token endpoint
 * @returns a router to mount at the app root
 * @example
 * ```ts
 * app.use(createRevocationEndpoints(state, createClientAuthenticator(state)));
 * ```
 */
export function createRevocationEndpoints(
  state: MockState,
  authenticate: ClientAuthenticator,
): Router {
  const router = Router();

  mountOAuthEndpoint(
    router,
    state,
    REVOKE_ROUTE_PATHS,
    async (req: Request, res: Response, form, correlationId) => {
      const token = tokenParam(form);
      const tokenUrl = `${requestOrigin(state, req)}${req.originalUrl.split('?')[0]!.replace(/\/revoke\/?$/, '')}`;
      const clientId = await authenticate(req, form, tokenUrl);
      const claims = await state.accessTokens.verify(token);
      const revoked = claims !== undefined && claims.clientId === clientId;
      if (revoked) state.accessTokens.revoke(token);
      state.logger.info('mock-cerner: revocation request', { clientId, revoked, correlationId });
      setTokenHeaders(res, correlationId);
      res.status(200).set('Content-Length', '0').end();
    },
  );

  mountOAuthEndpoint(
    router,
    state,
    [INTROSPECTION_PATH],
    async (req: Request, res: Response, form, correlationId) => {
      const token = tokenParam(form);
      const clientId = await authenticate(
        req,
        form,
        authUrls(requestOrigin(state, req), state.tenantId).token,
      );
      const claims = await state.accessTokens.verify(token);
      setTokenHeaders(res, correlationId);
      if (claims === undefined || claims.clientId !== clientId) {
        sendCompactJson(res, 200, { active: false });
        return;
      }
      sendCompactJson(res, 200, {
        active: true,
        scope: claims.scopes.join(' '),
        client_id: claims.clientId,
        sub: claims.clientId,
        token_type: 'Bearer',
        exp: Math.floor(claims.expiresAt / 1000),
      });
    },
  );
  return router;
}
