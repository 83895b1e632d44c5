import type { Response } from 'express';
import type { Resource } from 'fhir/r4.js';
import type { RuleViolation } from './rule-violation.js';

/**
 * Cerner's 201: empty body, `Content-Length: 0`, `Content-Type: text/html`, absolute `Location`
 * (no `_history`), `Etag: W/"<version>"`, `Last-Modified`.
 *
 * @param res - the response
 * @param base - the absolute FHIR base
 * @param resource - the stored resource
 * @param lastModified - the creation time
 * @example
 * ```ts
 * sendCreated(res, fhirBase(state, req), patient, new Date(state.now()));
 * ```
 */
export function sendCreated(
  res: Response,
  base: string,
  resource: Resource,
  lastModified: Date,
): void {
  res.status(201).set({
    Location: `${base}/${resource.resourceType}/${resource.id}`,
    Etag: `W/"${resource.meta?.versionId ?? '0'}"`,
    'Last-Modified': lastModified.toUTCString(),
    'Content-Length': '0',
  });
  // Raw setHeader: Express's res.set() would append "; charset=utf-8"; Cerner sends bare text/html.
  res.setHeader('Content-Type', 'text/html');
  res.end();
}

/**
 * 422 with one issue per violated rule: `code` `business-rule` (Cerner's documented rules) or
 * `structure` (FHIR R4 structure), `details.text` `"<field>: <rule>"`, `expression: [<field>]`.
 *
 * @param res - the response
 * @param violations - at least one violation
 * @example
 * ```ts
 * sendViolations(res, [{ path: 'status', text: 'must be current' }]);
 * ```
 */
export function sendViolations(res: Response, violations: RuleViolation[]): void {
  res
    .status(422)
    .type('application/fhir+json')
    .send(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: violations.map((v) => ({
          severity: 'error',
          code: v.code ?? 'business-rule',
          details: { text: `${v.path}: ${v.text}` },
          expression: [v.path],
        })),
      }),
    );
}

/**
 * 200 with a resource, `ETag: W/"<versionId>"` and `Last-Modified` from `meta`.
 *
 * @param res - the response
 * @param resource - the resource (or a view of it)
 * @example
 * ```ts
 * sendResource(res, patient);
 * ```
 */
export function sendResource(res: Response, resource: Resource): void {
  if (resource.meta?.versionId !== undefined) res.set('Etag', `W/"${resource.meta.versionId}"`);
  if (resource.meta?.lastUpdated) {
    const d = new Date(resource.meta.lastUpdated);
    if (!Number.isNaN(d.getTime())) res.set('Last-Modified', d.toUTCString());
  }
  res.status(200).type('application/fhir+json').send(JSON.stringify(resource));
}

/**
 * 200 with a JSON body of `application/fhir+json` (Express adds `; charset=utf-8`).
 *
 * @param res - the response
 * @param body - a Bundle or other resource
 */
export function sendJson(res: Response, body: unknown): void {
  res.status(200).type('application/fhir+json').send(JSON.stringify(body));
}
