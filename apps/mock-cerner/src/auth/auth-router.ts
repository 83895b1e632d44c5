import { Router, type Request, type Response } from 'express';
import { fhirBasePath } from '../config.js';
import { cernerHeaders } from '../fhir/cerner-headers.js';
import { requestOrigin } from '../http/origin.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { capabilityStatement } from './capability-statement.js';
import { smartConfiguration } from './smart-configuration.js';
import { createClientAuthenticator } from './client-authentication.js';
import { createTokenEndpoint } from './token-endpoint.js';
import { createRevocationEndpoints } from './token-revocation.js';

/**
 * Where a token comes from: the token endpoint (both Cerner URL forms), revocation and
 * introspection (`…/token/revoke`, `/tokeninfo`), the unauthenticated
 * discovery documents under the FHIR base (`.well-known/smart-configuration` as
 * `application/json`, `metadata` as `application/fhir+json`; GET/HEAD only, any query parameter
 * other than `_format` ignored, Cerner's FHIR headers) and the issuer's public keys (`/jwk`).
 * Mounted at the app root, before the FHIR router, so it defines full paths.
 *
 * @param state - the mock's state
 * @returns the router
 * @example
 * ```ts
 * app.use(createAuthRouter(state));
 * app.use(fhirBasePath(tenantId), createFhirRouter(state));
 * ```
 */
export function createAuthRouter(state: MockState): Router {
  const router = Router();
  // One authenticator: a client assertion's jti spent at one endpoint cannot be replayed at another.
  const authenticate = createClientAuthenticator(state);
  router.use(createTokenEndpoint(state, authenticate));
  router.use(createRevocationEndpoints(state, authenticate));

  const base = fhirBasePath(state.tenantId);
  const discovery = [`${base}/.well-known/smart-configuration`, `${base}/metadata`];
  router.use(discovery, cernerHeaders());
  router.get(`${base}/.well-known/smart-configuration`, (req: Request, res: Response) => {
    res
      .status(200)
      .type('application/json')
      .send(JSON.stringify(smartConfiguration(requestOrigin(state, req), state.tenantId)));
  });
  router.get(`${base}/metadata`, (req: Request, res: Response) => {
    const cs = capabilityStatement(
      requestOrigin(state, req),
      state.tenantId,
      new Date(state.now()),
    );
    res.status(200).type('application/fhir+json').send(JSON.stringify(cs));
  });
  router.all(discovery, (_req: Request, res: Response) => {
    res.set('Allow', 'GET, HEAD, OPTIONS');
    sendOutcome(res, 405, 'not-supported', 'Method Not Allowed');
  });

  router.get('/jwk', (_req: Request, res: Response) => {
    state.accessTokens.publicJwks().then(
      (jwks) =>
        res
          .status(200)
          .set('Access-Control-Allow-Origin', '*')
          .type('application/json')
          .send(JSON.stringify(jwks)),
      () => res.status(503).end(),
    );
  });
  return router;
}
