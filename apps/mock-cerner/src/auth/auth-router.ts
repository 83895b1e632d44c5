import { Router, type Request, type Response } from 'express';
import { fhirBasePath } from '../config.js';
import { requestOrigin } from '../http/origin.js';
import type { MockState } from '../state/mock-state.js';
import { capabilityStatement, smartConfiguration } from './discovery-documents.js';
import { createTokenEndpoint } from './token-endpoint.js';

/**
 * Where a token comes from: the token endpoint (both Cerner URL forms), plus the unauthenticated
 * discovery documents under the FHIR base (`.well-known/smart-configuration`, `metadata`) and the
 * issuer's public keys (`/jwk`). Mounted at the app root, before the FHIR router.
 */
export function createAuthRouter(state: MockState): Router {
  const router = Router();
  router.use(createTokenEndpoint(state));
  const base = fhirBasePath(state.tenantId);
  const json = (res: Response, body: unknown, type = 'application/json'): void => {
    res.set({ 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*', Vary: 'Origin' });
    res.status(200).type(type).send(JSON.stringify(body));
  };
  router.get(`${base}/.well-known/smart-configuration`, (req: Request, res: Response) => {
    json(res, smartConfiguration(requestOrigin(state, req), state.tenantId));
  });
  router.get(`${base}/metadata`, (req: Request, res: Response) => {
    json(res, capabilityStatement(requestOrigin(state, req), state.tenantId, new Date(state.now())), 'application/fhir+json');
  });
  router.get('/jwk', (_req: Request, res: Response) => {
    void state.accessTokens.publicJwks().then((jwks) => json(res, jwks));
  });
  return router;
}
