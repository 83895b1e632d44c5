import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Headers every Cerner FHIR response carries (cerner-fhir.md §H.3), and Cerner's 406 (empty body)
 * when the client asks for a media type other than JSON.
 */
export function cernerHeaders(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = crypto.randomUUID();
    res.locals.requestId = requestId;
    res.set({
      'Cache-Control': 'no-cache',
      Vary: 'Origin',
      'X-Request-Id': requestId,
      'opc-request-id': `/${randomBytes(16).toString('hex').toUpperCase()}/${randomBytes(16).toString('hex').toUpperCase()}`,
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'DELETE, GET, POST, PUT, PATCH, OPTIONS, HEAD',
      'Access-Control-Expose-Headers': 'ETag, Content-Location, Location, X-Request-Id, WWW-Authenticate, Date',
      'Access-Control-Max-Age': '0',
    });
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? 'Authorization, Content-Type, Accept');
      res.status(204).end();
      return;
    }
    const accept = req.get('accept');
    const format = typeof req.query._format === 'string' ? req.query._format : undefined;
    const jsonOk = (v: string): boolean => /json|\*\/\*|application\/\*/.test(v);
    if (format !== undefined ? !jsonOk(format) && format !== 'json' : accept !== undefined && accept !== '' && !jsonOk(accept)) {
      res.status(406).set('Content-Length', '0').end();
      return;
    }
    next();
  };
}
