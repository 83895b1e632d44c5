import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { sendOutcome } from '../http/operation-outcome.js';

/** FHIR write bodies: JSON (`application/fhir+json` or `application/json`), at most 10 MB. */
export const FHIR_BODY_LIMIT = '10mb';

/**
 * Parses a FHIR JSON body. Wrong media type -> 415, malformed JSON -> 400 "Invalid request",
 * too large -> 413, all as OperationOutcomes.
 */
export function fhirJsonBody(): RequestHandler[] {
  const parse = express.json({ limit: FHIR_BODY_LIMIT, type: ['application/fhir+json', 'application/json'], strict: false });
  return [
    (req: Request, res: Response, next: NextFunction) => {
      if (!req.is(['application/fhir+json', 'application/json'])) {
        sendOutcome(res, 415, 'not-supported', 'Unsupported Media Type: send application/fhir+json');
        return;
      }
      parse(req, res, (err?: unknown) => {
        if (err) {
          const status = (err as { status?: number }).status === 413 ? 413 : 400;
          sendOutcome(res, status, status === 413 ? 'too-long' : 'invalid', status === 413 ? 'Payload Too Large' : 'Invalid request');
          return;
        }
        if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
          sendOutcome(res, 400, 'invalid', 'Invalid request');
          return;
        }
        next();
      });
    },
  ];
}
