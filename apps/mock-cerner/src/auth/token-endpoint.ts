import { Router, type Request, type Response } from 'express';
import { requestOrigin } from '../http/origin.js';
import type { MockState } from '../state/mock-state.js';
import { createClientAuthenticator, type ClientAuthenticator } from './client-authentication.js';
import { mountOAuthEndpoint } from './oauth-endpoint.js';
import { grantScopes } from './scope-grant.js';
import { sendCompactJson, setTokenHeaders, TokenError, TokenErrorUrn } from './token-errors.js';

export { JWT_BEARER_ASSERTION_TYPE } from './client-authentication.js';
export { TOKEN_BODY_LIMIT_BYTES } from './oauth-endpoint.js';

/**
 * Both of Cerner's token URL forms (Express path patterns).
 * @example
 * ```ts
 * for (const path of TOKEN_ROUTE_PATHS) router.post(path, handler);
 * ```
 */
export const TOKEN_ROUTE_PATHS = [
  '/tenants/:tenant/protocols/oauth2/profiles/smart-v1/token',
  '/tenants/:tenant/hosts/:host/protocols/oauth2/profiles/smart-v1/token',
] as const;

const invalidRequest = (reason: string): TokenError =>
  new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, reason);

/**
 * Cerner's token endpoint, in both URL forms (with and without `/hosts/{fhir-host}/`):
 * client_credentials only, authenticated by client_secret_basic or private_key_jwt, answering
 * with Cerner's body (`access_token`, `scope`, `token_type`, `expires_in` 570, in that order),
 * headers and `{error, error_uri}` refusals. POST only (405 otherwise, OPTIONS answers CORS).
 * It never answers 500: an unexpected throw becomes a Cerner-shaped 400.
 *
 * Checks, in order: tenant (400 invalid_grant), form content type, single parameters, body size
 * (400/413 invalid_request), `grant_type` (missing: invalid_request; other:
 * unsupported_grant_type), `scope` present (invalid_request), client authentication (401
 * invalid_client; 400 invalid_request for a bad `client_assertion_type` or two methods at once),
 * then the scope grant (400 invalid_scope `empty-scopes` when nothing is left).
 *
 * @param state - the mock's state (clients, token issuer, clock, fetch, logger)
 * @param authenticate - client authentication (shared with revocation and introspection)
 * @returns a router to mount at the app root
 * @example
 * ```ts
 * app.use(createTokenEndpoint(state));
 * ```
 */
export function createTokenEndpoint(
  state: MockState,
  authenticate: ClientAuthenticator = createClientAuthenticator(state),
): Router {
  const router = Router();
  mountOAuthEndpoint(
    router,
    state,
    TOKEN_ROUTE_PATHS,
    async (req: Request, res: Response, form, correlationId) => {
      const grantType = form.get('grant_type');
      if (grantType === undefined || grantType === '') throw invalidRequest('grant_type missing');
      if (grantType !== 'client_credentials') {
        throw new TokenError(
          400,
          'unsupported_grant_type',
          TokenErrorUrn.unsupportedGrantType,
          'only client_credentials',
        );
      }
      const scope = form.get('scope');
      if (scope === undefined) throw invalidRequest('scope missing');

      const tokenUrl = `${requestOrigin(state, req)}${req.originalUrl.split('?')[0]}`;
      const clientId = await authenticate(req, form, tokenUrl);
      res.locals.clientId = clientId; // the request log's clientId for token requests
      const client = state.clients.get(clientId)!;
      const { granted, dropped } = grantScopes(scope, client);
      if (granted.length === 0) {
        throw new TokenError(
          400,
          'invalid_scope',
          TokenErrorUrn.emptyScopes,
          'no requested scope is registered for the client',
          clientId,
        );
      }
      const { token, expiresIn } = await state.accessTokens.issue(clientId, granted);
      state.logger.info('mock-cerner: token issued', {
        clientId,
        scopes: granted,
        dropped,
        correlationId,
      });
      setTokenHeaders(res, correlationId);
      // Cerner's key order: access_token, scope, token_type, expires_in.
      sendCompactJson(res, 200, {
        access_token: token,
        scope: granted.join(' '),
        token_type: 'Bearer',
        expires_in: expiresIn,
      });
    },
  );
  return router;
}
