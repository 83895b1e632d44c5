import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { jsonBoundsProblem, MAX_JSON_DEPTH } from '../http/json-bounds.js';
import { sendOutcome } from '../http/operation-outcome.js';

/** Largest FHIR write body the mock accepts (Cerner documents no limit; 10 MB covers PDFs). */
export const FHIR_BODY_LIMIT = '10mb';

const FHIR_JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json+fhir'];

/**
 * Parses a FHIR JSON body (`application/fhir+json`, `application/json` or the legacy
 * `application/json+fhir`). Wrong or missing media type -> 415, malformed JSON, a non-object or
 * nesting deeper than `MAX_JSON_DEPTH` ->
 * 400 `invalid` "Invalid request", too large -> 413 `too-long`; all as OperationOutcomes.
 *
 * @returns the middleware
 * @example
 * ```ts
 * router.post('/Patient', fhirJsonBody(), handler);
 * ```
 */
export function fhirJsonBody(): RequestHandler {
  const parse = express.json({ limit: FHIR_BODY_LIMIT, type: FHIR_JSON_TYPES, strict: false });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is(FHIR_JSON_TYPES)) {
      sendOutcome(res, 415, 'not-supported', 'Unsupported Media Type: send application/fhir+json');
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (err) {
        const status = (err as { status?: number }).status === 413 ? 413 : 400;
        sendOutcome(
          res,
          status,
          status === 413 ? 'too-long' : 'invalid',
          status === 413 ? 'Payload Too Large' : 'Invalid request',
        );
        return;
      }
      if (
        typeof req.body !== 'object' ||
        req.body === null ||
        Array.isArray(req.body) ||
        jsonBoundsProblem(req.body, { maxDepth: MAX_JSON_DEPTH }) !== undefined
      ) {
        sendOutcome(res, 400, 'invalid', 'Invalid request');
        return;
      }
      next();
    });
  };
}
