import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { satisfies } from '@cerner-kit/smart-auth';
import { sendAuthOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import type { AccessTokenClaims } from '../auth/access-tokens.js';

/** The FHIR interactions the mock checks scopes for, as SMART v2 letters. */
export type Interaction = 'read' | 'search' | 'create' | 'update';
const LETTER: Record<Interaction, string> = { read: 'r', search: 's', create: 'c', update: 'u' };

const realm = (req: Request): string => (req.get('host') ?? 'localhost').replace(/:\d+$/, '');

/** Requires a valid bearer token from this mock (401 `invalid_token` otherwise). */
export function bearerAuth(state: MockState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer\s+([\w.~+/-]+=*)$/i.exec(req.get('authorization') ?? '');
    if (!m) {
      sendAuthOutcome(res, 401, realm(req), 'invalid_token');
      return;
    }
    state.accessTokens.verify(m[1]!).then(
      (claims) => {
        if (!claims) {
          sendAuthOutcome(res, 401, realm(req), 'invalid_token');
          return;
        }
        res.locals.auth = claims;
        next();
      },
      () => sendAuthOutcome(res, 401, realm(req), 'invalid_token'),
    );
  };
}

/**
 * 403 `insufficient_scope` unless the token covers the interaction on the type (v1 `read`/`write`
 * or the v2 letter, per the token's granted scopes).
 */
export function requireScope(type: string, interaction: Interaction, alsoAccept: string[] = []): RequestHandler {
  const needed = `system/${type}.${LETTER[interaction]}`;
  return (req: Request, res: Response, next: NextFunction) => {
    const claims = res.locals.auth as AccessTokenClaims;
    if (satisfies(claims.scopes, needed) || alsoAccept.some((s) => satisfies(claims.scopes, s))) {
      next();
      return;
    }
    sendAuthOutcome(res, 403, realm(req), 'insufficient_scope', needed);
  };
}
