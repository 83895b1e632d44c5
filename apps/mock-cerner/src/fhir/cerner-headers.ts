import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { acceptsJson } from './accept.js';

/** CORS headers Cerner sends on every FHIR response (cerner-fhir.md §H.3). */
export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'DELETE, GET, POST, PUT, PATCH, OPTIONS, HEAD',
  'Access-Control-Expose-Headers':
    'ETag, Content-Location, Location, X-Request-Id, WWW-Authenticate, Date',
  'Access-Control-Max-Age': '0',
} as const;

/** 32 upper-case hex digits (a UUID without dashes: cheaper than `randomBytes` per request). */
function hex32(): string {
  return crypto.randomUUID().replaceAll('-', '').toUpperCase();
}

/**
 * Sets the headers every Cerner FHIR response carries (`Cache-Control: no-cache`, `Vary: Origin`,
 * a new `X-Request-Id`, `opc-request-id`, CORS) and keeps the request id in `res.locals.requestId`
 * for the request log. Also used for injected faults on FHIR paths, so they look like Cerner's.
 *
 * @param res - the response
 * @returns the request id
 * @example
 * ```ts
 * const requestId = setCernerHeaders(res);
 * ```
 */
export function setCernerHeaders(res: Response): string {
  const requestId = crypto.randomUUID();
  res.locals.requestId = requestId;
  res.set({
    'Cache-Control': 'no-cache',
    Vary: 'Origin',
    'X-Request-Id': requestId,
    'opc-request-id': `/${hex32()}/${hex32()}`,
    ...CORS_HEADERS,
  });
  return requestId;
}

/**
 * Headers every Cerner FHIR response carries (`Cache-Control: no-cache`, `Vary: Origin`,
 * `X-Request-Id`, `opc-request-id: /<32hex>/<32hex>`, CORS), a 204 answer to CORS preflights, and
 * Cerner's 406 with an empty body when the client asks for a non-JSON media type (except on
 * `Binary`, which serves raw content by `Accept`).
 *
 * @returns the middleware
 * @example
 * ```ts
 * router.use(cernerHeaders());
 * ```
 */
export function cernerHeaders(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    setCernerHeaders(res);
    if (req.method === 'OPTIONS') {
      res.set(
        'Access-Control-Allow-Headers',
        req.get('access-control-request-headers') ?? 'Authorization, Content-Type, Accept',
      );
      res.status(204).end();
      return;
    }
    if (!req.path.startsWith('/Binary/') && !acceptsJson(req)) {
      res.status(406).set('Content-Length', '0').end();
      return;
    }
    next();
  };
}
