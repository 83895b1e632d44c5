import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { MockState } from '../state/mock-state.js';
import { parseStrictForm } from './form-body.js';
import { sendTokenError, setTokenHeaders, TokenError, TokenErrorUrn } from './token-errors.js';

/**
 * Token requests are small; a bigger body is refused (413) before parsing.
 * @example
 * ```ts
 * express.text({ type: () => true, limit: TOKEN_BODY_LIMIT_BYTES });
 * ```
 */
export const TOKEN_BODY_LIMIT_BYTES = 16 * 1024;

/** Handles one parsed, form-encoded request; throws `TokenError` to refuse. */
export type OAuthHandler = (
  req: Request,
  res: Response,
  form: Map<string, string>,
  correlationId: string,
) => Promise<void>;

const invalidRequest = (reason: string): TokenError =>
  new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, reason);

/**
 * The tenant a `/tenants/{tenant}/…` path names (for error URIs), or `fallback`.
 *
 * @param req - the request
 * @param fallback - the mock's tenant
 * @returns the tenant id as requested
 */
export function tenantOf(req: Request, fallback: string): string {
  const m = /^\/tenants\/([^/]{1,200})\//.exec(req.path);
  if (!m) return fallback;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}

/**
 * Mounts a POST-only endpoint of Cerner's authorization server on `paths`, with what every such
 * endpoint shares: Cerner's token headers, OPTIONS (CORS, 204), 405 with `Allow` for other
 * methods, a 16 KiB body limit (413), the tenant check of `/tenants/{tenant}/` paths (400
 * `invalid_grant`), a form content type and single parameters (400 `invalid_request`), refusals
 * as `{error, error_uri}` with a correlation id, logged without secrets, and never a 500 (an
 * unexpected throw becomes a Cerner-shaped 400).
 *
 * @param router - where to mount
 * @param state - the mock's state (tenant, logger)
 * @param paths - Express path patterns
 * @param handle - the endpoint's own logic
 * @example
 * ```ts
 * mountOAuthEndpoint(router, state, TOKEN_ROUTE_PATHS, async (req, res, form, correlationId) => { … });
 * ```
 */
export function mountOAuthEndpoint(
  router: Router,
  state: MockState,
  paths: readonly string[],
  handle: OAuthHandler,
): void {
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
  const run = async (req: Request, res: Response, correlationId: string): Promise<void> => {
    if (req.params.tenant !== undefined && String(req.params.tenant) !== state.tenantId) {
      throw new TokenError(400, 'invalid_grant', TokenErrorUrn.invalidTenant, 'unknown tenant');
    }
    if (!req.is('application/x-www-form-urlencoded')) {
      throw invalidRequest('body must be application/x-www-form-urlencoded');
    }
    await handle(
      req,
      res,
      parseStrictForm(typeof req.body === 'string' ? req.body : ''),
      correlationId,
    );
  };
  const post = (req: Request, res: Response): void => {
    const correlationId = crypto.randomUUID();
    run(req, res, correlationId).catch((e: unknown) => {
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

  for (const path of paths) {
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
  // Body-parser failures (too large, bad charset, aborted) and bad path encodings on these paths:
  // Cerner-shaped, never a 500 or an HTML page.
  // Case-insensitive, like Express's routing.
  const mounted = paths.map((p) => new RegExp(`^${p.replace(/:[a-z]+/g, '[^/]+')}/?$`, 'i'));
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!mounted.some((re) => re.test(req.path))) {
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
}
