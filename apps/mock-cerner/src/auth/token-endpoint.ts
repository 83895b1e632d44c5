import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { MockState } from '../state/mock-state.js';
import { requestOrigin } from '../http/origin.js';
import { parseBasicAuthorization } from './basic-credentials.js';
import { verifyClientAssertion } from './client-assertion-verifier.js';
import { secretsEqual } from './constant-time.js';
import { parseStrictForm } from './form-body.js';
import { JwksResolver } from './jwks-resolver.js';
import { ReplayCache } from './replay-cache.js';
import { grantScopes } from './scope-grant.js';
import { sendTokenError, setTokenHeaders, TokenError, TokenErrorUrn } from './token-errors.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Token requests are small; anything bigger is refused before parsing. */
export const TOKEN_BODY_LIMIT_BYTES = 16 * 1024;

const TOKEN_PATHS = [
  '/tenants/:tenant/protocols/oauth2/profiles/smart-v1/token',
  '/tenants/:tenant/hosts/:host/protocols/oauth2/profiles/smart-v1/token',
];

/**
 * Cerner's token endpoint, in both URL forms (with and without `/hosts/{fhir-host}/`).
 * client_credentials only; client_secret_basic or private_key_jwt; Cerner's response shape,
 * headers and `{error, error_uri}` bodies. Never answers 500.
 */
export function createTokenEndpoint(state: MockState): Router {
  const router = Router();
  const jwks = new JwksResolver(state.fetch, state.now);
  const replay = new ReplayCache(state.now);
  const bodyParser = express.text({ type: () => true, limit: TOKEN_BODY_LIMIT_BYTES, defaultCharset: 'utf-8' });

  const handle = async (req: Request, res: Response): Promise<void> => {
    const correlationId = crypto.randomUUID();
    try {
      const tenant = String(req.params.tenant);
      if (tenant !== state.tenantId) {
        throw new TokenError(400, 'invalid_grant', TokenErrorUrn.invalidTenant, 'unknown tenant');
      }
      if (!req.is('application/x-www-form-urlencoded')) {
        throw new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, 'body must be application/x-www-form-urlencoded');
      }
      const form = parseStrictForm(typeof req.body === 'string' ? req.body : '');
      const grantType = form.get('grant_type');
      if (grantType === undefined) throw new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, 'grant_type missing');
      if (grantType !== 'client_credentials') {
        throw new TokenError(400, 'unsupported_grant_type', TokenErrorUrn.unsupportedGrantType, 'only client_credentials');
      }

      const authorization = req.get('authorization');
      const assertion = form.get('client_assertion');
      const assertionType = form.get('client_assertion_type');
      let clientId: string;
      if (assertion !== undefined || assertionType !== undefined) {
        if (authorization !== undefined) {
          throw new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, 'two client authentication methods');
        }
        if (assertionType !== JWT_BEARER || assertion === undefined) {
          throw new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, 'client_assertion_type must be jwt-bearer');
        }
        const tokenUrl = `${requestOrigin(state, req)}${req.baseUrl}${req.path}`;
        clientId = await verifyClientAssertion(assertion, {
          tokenUrl,
          formClientId: form.get('client_id'),
          clients: state.clients,
          jwks,
          replay,
          now: state.now,
        });
      } else {
        if (authorization === undefined) {
          throw new TokenError(401, 'invalid_client', TokenErrorUrn.invalidAuthorizationHeader, 'no client authentication');
        }
        const creds = parseBasicAuthorization(authorization);
        const client = state.clients.get(creds.clientId);
        // Compare even for unknown clients so timing does not reveal which ids exist.
        const ok = secretsEqual(creds.clientSecret, client?.clientSecret ?? '\u0000no-secret');
        if (!client || client.clientSecret === undefined || !ok) {
          throw new TokenError(401, 'invalid_client', TokenErrorUrn.invalidClientCredentials, 'bad client credentials');
        }
        clientId = client.clientId;
      }

      const scope = form.get('scope');
      if (scope === undefined || scope.trim() === '') {
        throw new TokenError(400, 'invalid_scope', TokenErrorUrn.emptyScopes, 'scope missing', clientId);
      }
      const client = state.clients.get(clientId)!;
      const granted = grantScopes(scope, client);
      if (granted.length === 0) {
        throw new TokenError(400, 'invalid_scope', TokenErrorUrn.emptyScopes, 'no requested scope is registered', clientId);
      }
      const { token, expiresIn } = await state.accessTokens.issue(clientId, granted);
      state.logger.info('mock-cerner: token issued', { clientId, scopes: granted });
      setTokenHeaders(res, correlationId);
      // Cerner's key order: access_token, scope, token_type, expires_in.
      res
        .status(200)
        .type('application/json')
        .send(JSON.stringify({ access_token: token, scope: granted.join(' '), token_type: 'Bearer', expires_in: expiresIn }));
    } catch (e) {
      const err =
        e instanceof TokenError
          ? e
          : new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, 'request could not be processed');
      state.logger.info('mock-cerner: token request refused', { status: err.status, error: err.error, reason: err.message });
      sendTokenError(res, err, state.tenantId, correlationId);
    }
  };

  for (const path of TOKEN_PATHS) {
    router.options(path, (_req, res) => {
      setTokenHeaders(res, crypto.randomUUID());
      res.status(204).end();
    });
    router.post(path, bodyParser, (req, res) => void handle(req, res));
    router.all(path, (_req, res) => {
      res.set('Allow', 'OPTIONS, POST');
      sendTokenError(res.status(405), new TokenError(405, 'invalid_request', TokenErrorUrn.invalidRequest, 'method'), state.tenantId, crypto.randomUUID());
    });
    // Body-parser failures (too large, bad charset) on this path: Cerner-shaped, never a 500.
    router.use(path, (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const status = (err as { status?: number }).status === 413 ? 413 : 400;
      sendTokenError(res, new TokenError(status, 'invalid_request', TokenErrorUrn.invalidRequest, 'unreadable body'), state.tenantId, crypto.randomUUID());
    });
  }
  return router;
}
