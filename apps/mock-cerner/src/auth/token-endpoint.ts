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
import {
  sendCompactJson,
  sendTokenError,
  setTokenHeaders,
  TokenError,
  TokenErrorUrn,
} from './token-errors.js';

/**
 * RFC 7523 client assertion type, the only one accepted.
 * @example
 * ```ts
 * form.get('client_assertion_type') === JWT_BEARER_ASSERTION_TYPE;
 * ```
 */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/**
 * Token requests are small; a bigger body is refused (413) before parsing.
 * @example
 * ```ts
 * express.text({ type: () => true, limit: TOKEN_BODY_LIMIT_BYTES });
 * ```
 */
export const TOKEN_BODY_LIMIT_BYTES = 16 * 1024;

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
const tenantOf = (req: Request, fallback: string): string => {
  const m = /^\/tenants\/([^/]{1,200})\//.exec(req.path);
  if (!m) return fallback;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
};

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
 * @returns a router to mount at the app root
 * @example
 * ```ts
 * app.use(createTokenEndpoint(state));
 * ```
 */
export function createTokenEndpoint(state: MockState): Router {
  const router = Router();
  const keys = new JwksResolver(state.fetch, state.now);
  const replay = new ReplayCache(state.now);
  const bodyParser = express.text({
    type: () => true,
    limit: TOKEN_BODY_LIMIT_BYTES,
    defaultCharset: 'utf-8',
  });

  const refuse = (req: Request, res: Response, err: TokenError, correlationId: string): void => {
    state.logger.info('mock-cerner: token request refused', {
      status: err.status,
      error: err.error,
      urn: err.urn,
      reason: err.message,
      clientId: err.clientId,
      correlationId,
    });
    sendTokenError(res, err, tenantOf(req, state.tenantId), correlationId);
  };

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

  const handle = async (req: Request, res: Response, correlationId: string): Promise<void> => {
    const tenant = String(req.params.tenant);
    if (tenant !== state.tenantId) {
      throw new TokenError(400, 'invalid_grant', TokenErrorUrn.invalidTenant, 'unknown tenant');
    }
    if (!req.is('application/x-www-form-urlencoded')) {
      throw invalidRequest('body must be application/x-www-form-urlencoded');
    }
    const form = parseStrictForm(typeof req.body === 'string' ? req.body : '');

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

    const authorization = req.get('authorization');
    const assertion = form.get('client_assertion');
    const assertionType = form.get('client_assertion_type');
    const formClientId = form.get('client_id');
    let clientId: string;
    if (assertion !== undefined || assertionType !== undefined) {
      if (authorization !== undefined) throw invalidRequest('two client authentication methods');
      if (assertionType !== JWT_BEARER_ASSERTION_TYPE) {
        throw invalidRequest('client_assertion_type must be the jwt-bearer URN');
      }
      if (assertion === undefined || assertion === '') {
        throw invalidRequest('client_assertion missing');
      }
      clientId = await verifyClientAssertion(assertion, {
        tokenUrl: `${requestOrigin(state, req)}${req.originalUrl.split('?')[0]}`,
        formClientId,
        clients: state.clients,
        keys,
        replay,
        now: state.now,
      });
    } else {
      if (form.has('client_secret') && authorization !== undefined) {
        throw invalidRequest('two client authentication methods');
      }
      // client_secret_post is not offered by Cerner: without a Basic header, the header is what is missing.
      clientId = authenticateBasic(authorization, formClientId);
    }

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
  };

  const post = (req: Request, res: Response): void => {
    const correlationId = crypto.randomUUID();
    handle(req, res, correlationId).catch((e: unknown) => {
      if (!(e instanceof TokenError)) {
        state.logger.error('mock-cerner: token endpoint failed', {
          name: e instanceof Error ? e.name : typeof e,
          correlationId,
        });
      }
      const err = e instanceof TokenError ? e : invalidRequest('request could not be processed');
      if (res.headersSent) return;
      refuse(req, res, err, correlationId);
    });
  };

  for (const path of TOKEN_ROUTE_PATHS) {
    router.options(path, (_req: Request, res: Response) => {
      setTokenHeaders(res, crypto.randomUUID());
      res.status(204).end();
    });
    router.post(path, bodyParser, post);
    router.all(path, (req: Request, res: Response) => {
      res.set('Allow', 'OPTIONS, POST');
      refuse(
        req,
        res,
        new TokenError(
          405,
          'invalid_request',
          TokenErrorUrn.invalidRequest,
          `method ${req.method} not allowed`,
        ),
        crypto.randomUUID(),
      );
    });
  }
  // Body-parser failures (too large, bad charset, aborted) and bad path encodings on the token
  // paths: Cerner-shaped, never a 500 or an HTML page.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (
      !/\/protocols\/oauth2\/profiles\/smart-v1\/token\/?$/.test(req.path) ||
      !req.path.startsWith('/tenants/')
    ) {
      next(err);
      return;
    }
    const status = (err as { status?: number }).status === 413 ? 413 : 400;
    refuse(
      req,
      res,
      new TokenError(
        status,
        'invalid_request',
        TokenErrorUrn.invalidRequest,
        status === 413 ? 'body too large' : 'unreadable request',
      ),
      crypto.randomUUID(),
    );
  });
  return router;
}
