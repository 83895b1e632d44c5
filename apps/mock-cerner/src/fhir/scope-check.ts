import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { satisfies } from '@cerner-kit/smart-auth';
import type { AccessTokenClaims } from '../auth/access-tokens.js';
import { sendAuthOutcome } from '../http/operation-outcome.js';
import { bearerRealm } from './bearer-auth.js';

/** The FHIR interactions the mock checks scopes for. */
export type Interaction = 'read' | 'search' | 'create' | 'update';

/** SMART v2 letter per interaction; v1 `read` covers r and s, `write` covers c and u (smart-auth's `satisfies`). */
const LETTER: Record<Interaction, string> = { read: 'r', search: 's', create: 'c', update: 'u' };

/**
 * The scope an interaction needs, in v2 form, e.g. `system/Patient.r`.
 *
 * @param type - the resource type
 * @param interaction - read, search, create or update
 * @returns the scope string
 * @example
 * ```ts
 * neededScope('Patient', 'search'); // 'system/Patient.s'
 * ```
 */
export const neededScope = (type: string, interaction: Interaction): string =>
  `system/${type}.${LETTER[interaction]}`;

/**
 * 403 `insufficient_scope` (Cerner's `forbidden` OperationOutcome with the Bearer challenge) unless
 * the token's granted scopes cover the interaction on the type, in v1 (`.read`/`.write`) or v2
 * (`.r`/`.s`/`.c`/`.u`, `.rs`, `.cruds`) style. Runs after `bearerAuth`.
 *
 * @param type - the resource type
 * @param interaction - read, search, create or update
 * @param alsoAccept - other scopes that also suffice (e.g. `system/DocumentReference.r` for Binary)
 * @returns the middleware
 * @example
 * ```ts
 * router.get('/Patient/:id', requireScope('Patient', 'read'), handler);
 * ```
 */
export function requireScope(
  type: string,
  interaction: Interaction,
  alsoAccept: string[] = [],
): RequestHandler {
  const needed = neededScope(type, interaction);
  return (req: Request, res: Response, next: NextFunction) => {
    const claims = res.locals.auth as AccessTokenClaims | undefined;
    const granted = claims?.scopes ?? [];
    if (satisfies(granted, needed) || alsoAccept.some((s) => satisfies(granted, s))) {
      next();
      return;
    }
    sendAuthOutcome(res, 403, bearerRealm(req), 'insufficient_scope', needed);
  };
}
