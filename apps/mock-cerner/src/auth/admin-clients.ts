import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { parseScope } from '@cerner-kit/smart-auth';
import type { JSONWebKeySet, JWK } from 'jose';
import { jsonBoundsProblem, MAX_JSON_DEPTH } from '../http/json-bounds.js';
import type { MockState } from '../state/mock-state.js';
import type { RegisteredClient } from './client-registry.js';

/** JWK members that only private or symmetric keys have. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * A refused registration: the field at fault and why.
 * @example
 * ```ts
 * const p = parseClientRegistration({ clientId: 'x' });
 * if (!('clientId' in p)) console.log(p.field); // 'clientSecret'
 * ```
 */
export interface RegistrationProblem {
  field: string;
  description: string;
}

const problem = (field: string, description: string): RegistrationProblem => ({
  field,
  description,
});

function checkJwks(value: unknown): RegistrationProblem | undefined {
  const keys = (value as JSONWebKeySet | undefined)?.keys;
  if (typeof value !== 'object' || value === null || !Array.isArray(keys) || keys.length === 0) {
    return problem('jwks', 'expected { keys: [...] } with at least one key');
  }
  for (const [i, k] of (keys as unknown[]).entries()) {
    const key = k as JWK | null;
    if (
      typeof key !== 'object' ||
      key === null ||
      typeof key.kty !== 'string' ||
      typeof key.kid !== 'string' ||
      key.kid === ''
    ) {
      return problem(`jwks.keys[${i}]`, 'each key needs kty and a non-empty kid');
    }
    if (PRIVATE_JWK_MEMBERS.some((m) => m in key)) {
      return problem(
        `jwks.keys[${i}]`,
        'only public keys may be registered (no d, p, q, dp, dq, qi, oth or k)',
      );
    }
    if (key.kty !== 'RSA' && key.kty !== 'EC') {
      return problem(`jwks.keys[${i}].kty`, 'RSA or EC (RS384 / ES384)');
    }
  }
  return undefined;
}

function checkScopes(value: unknown): string[] | RegistrationProblem {
  const scopes = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
  if (!Array.isArray(scopes) || scopes.length === 0) {
    return problem('scopes', 'a non-empty list (or space-separated string) of scopes');
  }
  for (const [i, s] of (scopes as unknown[]).entries()) {
    if (typeof s !== 'string' || s === '' || /\s/.test(s)) {
      return problem(`scopes[${i}]`, 'a scope without spaces');
    }
    const parsed = parseScope(s);
    if (!parsed || parsed.context !== 'system') {
      return problem(
        `scopes[${i}]`,
        'a SMART system/ resource scope, v1 (system/Patient.read) or v2 (system/Patient.rs)',
      );
    }
    if (parsed.resourceType === '*' || (parsed.style === 'v1' && parsed.permissions.size === 5)) {
      return problem(`scopes[${i}]`, 'wildcards (system/*.read, .*) are not supported by Cerner');
    }
  }
  return [...new Set(scopes as string[])];
}

/**
 * Parses and checks a client registration (the `POST /admin/clients` body).
 *
 * @param body - `{ clientId, clientSecret? | jwks? | jwksUrl?, scopes, scopeStyle?, name? }`
 * @returns the client to register, or the problem naming the field
 * @example
 * ```ts
 * parseClientRegistration({ clientId: 'app', clientSecret: 'long-secret', scopes: 'system/Patient.rs', scopeStyle: 'v2' });
 * ```
 */
export function parseClientRegistration(body: unknown): RegisteredClient | RegistrationProblem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return problem('body', 'expected a JSON object');
  }
  const b = body as Record<string, unknown>;
  if (typeof b.clientId !== 'string' || !/^[\w.:@-]{1,128}$/.test(b.clientId)) {
    return problem('clientId', 'required: 1-128 letters, digits or _ . : @ -');
  }
  const kinds = (['clientSecret', 'jwks', 'jwksUrl'] as const).filter((k) => b[k] !== undefined);
  if (kinds.length !== 1) {
    return problem(
      kinds[1] ?? 'clientSecret',
      'give exactly one credential: clientSecret, jwks or jwksUrl',
    );
  }
  if (
    b.clientSecret !== undefined &&
    (typeof b.clientSecret !== 'string' || b.clientSecret.length < 8 || b.clientSecret.length > 256)
  ) {
    return problem('clientSecret', 'a string of 8 to 256 characters');
  }
  if (b.jwks !== undefined) {
    const bad = checkJwks(b.jwks);
    if (bad) return bad;
  }
  if (
    b.jwksUrl !== undefined &&
    (typeof b.jwksUrl !== 'string' || !/^https?:\/\//i.test(b.jwksUrl) || !URL.canParse(b.jwksUrl))
  ) {
    return problem('jwksUrl', 'an absolute http(s) URL');
  }
  const scopes = checkScopes(b.scopes);
  if (!Array.isArray(scopes)) return scopes;
  const style = b.scopeStyle ?? 'both';
  if (style !== 'v1' && style !== 'v2' && style !== 'both') {
    return problem('scopeStyle', "one of 'v1', 'v2', 'both'");
  }
  if (b.name !== undefined && (typeof b.name !== 'string' || b.name.length > 200)) {
    return problem('name', 'a string of at most 200 characters');
  }
  return {
    clientId: b.clientId,
    ...(typeof b.clientSecret === 'string' ? { clientSecret: b.clientSecret } : {}),
    ...(b.jwks !== undefined ? { jwks: b.jwks as JSONWebKeySet } : {}),
    ...(typeof b.jwksUrl === 'string' ? { jwksUrl: b.jwksUrl } : {}),
    scopes,
    scopeStyle: style,
    ...(typeof b.name === 'string' ? { name: b.name } : {}),
  };
}

/**
 * What the admin API lists of a client: never its secret.
 *
 * @param c - the client
 * @returns id, auth method, key ids or JWKS URL, scopes, style, name
 * @example
 * ```ts
 * state.clients.list().map(publicView);
 * ```
 */
export function publicView(c: RegisteredClient): Record<string, unknown> {
  return {
    clientId: c.clientId,
    tokenEndpointAuthMethod:
      c.clientSecret !== undefined ? 'client_secret_basic' : 'private_key_jwt',
    ...(c.jwksUrl ? { jwksUrl: c.jwksUrl } : {}),
    ...(c.jwks ? { kids: c.jwks.keys.map((k) => k.kid) } : {}),
    scopes: [...c.scopes],
    scopeStyle: c.scopeStyle,
    ...(c.name ? { name: c.name } : {}),
  };
}

/**
 * `POST /admin/clients` registers (or replaces) a client and answers 201 with it, the secret
 * echoed once (a sandbox fixture; it is never logged); validation errors are 400
 * `{error: 'invalid_request', error_description, field}` naming the field. `GET /admin/clients`
 * lists clients without secrets. Mounted under `/admin` (loopback-only) by the admin router.
 *
 * @param state - the mock's state
 * @returns the router
 * @example
 * ```ts
 * router.use(createClientAdminRouter(state));
 * ```
 */
export function createClientAdminRouter(state: MockState): Router {
  const router = Router();
  const json = express.json({ limit: '64kb', type: () => true, strict: false });
  router.post('/clients', json, (req: Request, res: Response) => {
    const parsed =
      jsonBoundsProblem(req.body, { maxDepth: MAX_JSON_DEPTH }) === undefined
        ? parseClientRegistration(req.body)
        : { field: 'body', description: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (!('clientId' in parsed)) {
      res.status(400).json({
        error: 'invalid_request',
        error_description: `${parsed.field}: ${parsed.description}`,
        field: parsed.field,
      });
      return;
    }
    const stored = state.clients.register(parsed);
    state.logger.info('mock-cerner: client registered', {
      clientId: stored.clientId,
      scopes: stored.scopes,
      scopeStyle: stored.scopeStyle,
    });
    res.status(201).json({
      ...publicView(stored),
      ...(stored.clientSecret !== undefined ? { clientSecret: stored.clientSecret } : {}),
    });
  });
  router.all('/clients', (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.json(state.clients.list().map(publicView));
      return;
    }
    if (req.method === 'POST') {
      next();
      return;
    }
    res
      .set('Allow', 'GET, HEAD, POST')
      .status(405)
      .json({ error: 'invalid_request', error_description: 'method not allowed' });
  });
  // Unparseable JSON on /clients: a 400 naming the body.
  router.use('/clients', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === undefined || status >= 500) {
      next(err);
      return;
    }
    res.status(status === 413 ? 413 : 400).json({
      error: 'invalid_request',
      error_description: 'body: not a JSON object',
      field: 'body',
    });
  });
  return router;
}
