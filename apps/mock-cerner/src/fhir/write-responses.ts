import type { Response } from 'express';
import type { Resource } from 'fhir/r4.js';
import type { RuleViolation } from './rule-violation.js';

/** Cerner's 201: empty body, `Content-Type: text/html`, absolute `Location` (no `_history`), `Etag`. */
export function sendCreated(res: Response, base: string, resource: Resource, lastModified: Date): void {
  res
    .status(201)
    .set({
      Location: `${base}/${resource.resourceType}/${resource.id}`,
      Etag: `W/"${resource.meta?.versionId ?? '0'}"`,
      'Last-Modified': lastModified.toUTCString(),
      'Content-Type': 'text/html',
      'Content-Length': '0',
    })
    .end();
}

/** 422 with one issue per violated rule, each naming the field in `expression`. */
export function sendViolations(res: Response, violations: RuleViolation[], code = 'business-rule'): void {
  res
    .status(422)
    .type('application/fhir+json')
    .send(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: violations.map((v) => ({ severity: 'error', code, details: { text: `${v.path}: ${v.text}` }, expression: [v.path] })),
      }),
    );
}

/** 200 with a resource, its ETag and Last-Modified. */
export function sendResource(res: Response, resource: Resource): void {
  if (resource.meta?.versionId !== undefined) res.set('Etag', `W/"${resource.meta.versionId}"`);
  if (resource.meta?.lastUpdated) res.set('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
  res.status(200).type('application/fhir+json').send(JSON.stringify(resource));
}
