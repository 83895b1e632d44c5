import type { Request } from 'express';

const JSON_TYPE =
  /^(application\/(fhir\+)?json|application\/json\+fhir|application\/\*|\*\/\*|json)$/i;

/**
 * Whether the client accepts JSON: `Accept` missing or empty, or any listed media range being
 * `application/fhir+json`, `application/json`, `application/json+fhir` (Cerner's legacy type),
 * `application/*` or `*\/*` (parameters such as `q` and `charset` ignored). `_format=json` (or a
 * JSON media type) overrides the header, as on Cerner.
 *
 * @param req - the request
 * @returns true when a JSON response is acceptable
 * @example
 * ```ts
 * if (!acceptsJson(req)) res.status(406).end();
 * ```
 */
export function acceptsJson(req: Request): boolean {
  const format = typeof req.query._format === 'string' ? req.query._format : undefined;
  if (format !== undefined) return JSON_TYPE.test(format.trim());
  const accept = req.get('accept');
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => JSON_TYPE.test(range.split(';')[0]!.trim()));
}

/**
 * The first non-JSON media type the client names, e.g. `application/pdf` for a raw Binary.
 *
 * @param req - the request
 * @returns the lower-cased media type, or undefined
 */
export function requestedMediaType(req: Request): string | undefined {
  const accept = req.get('accept') ?? '';
  for (const range of accept.split(',')) {
    const type = range.split(';')[0]!.trim().toLowerCase();
    if (type && !JSON_TYPE.test(type)) return type;
  }
  return undefined;
}
