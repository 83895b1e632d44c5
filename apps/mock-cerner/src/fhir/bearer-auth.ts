import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendAuthOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';

/**
 * The Bearer realm: the request's host name (Cerner: `fhir-ehr-code.cerner.com`).
 *
 * @param req - the request
 * @returns the host without its port
 */
export const bearerRealm = (req: Request): string =>
  (req.get('host') ?? 'localhost').replace(/:\d+$/, '');

/**
 * Requires a valid bearer token issued by this mock for this tenant and not expired; otherwise
 * Cerner's 401 (`WWW-Authenticate: Bearer realm="<host>", error="invalid_token"` and a `login`
 * OperationOutcome). Puts the claims in `res.locals.auth` (the request log reads `clientId`).
 *
 * @param state - the mock's state (token verifier, tenant, clock)
 * @returns the middleware
 * @example
 * ```ts
 * router.use(bearerAuth(state));
 * ```
 */
export function bearerAuth(state: MockState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer +([\w.~+/-]+=*) *$/i.exec(req.get('authorization') ?? '');
    const refuse = (): void => sendAuthOutcome(res, 401, bearerRealm(req), 'invalid_token');
    if (!m) return refuse();
    state.accessTokens.verify(m[1]!).then(
      (claims) => {
        if (!claims || claims.tenantId !== state.tenantId || claims.expiresAt <= state.now()) {
          return refuse();
        }
        res.locals.auth = claims;
        next();
      },
      () => refuse(),
    );
  };
}
