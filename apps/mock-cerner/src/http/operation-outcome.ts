import type { Response } from 'express';
import type { OperationOutcome } from 'fhir/r4.js';

/**
 * Sends Cerner's modern OperationOutcome shape:
 * `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":…,"details":{"text":…}}]}`
 * (no id, no text, no diagnostics; auth errors use `diagnostics` instead, see `sendAuthOutcome`).
 */
export function sendOutcome(
  res: Response,
  status: number,
  code: string,
  text: string,
  options: { severity?: 'error' | 'fatal' | 'warning'; expression?: string[] } = {},
): void {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: options.severity ?? 'error',
        code: code as OperationOutcome['issue'][number]['code'],
        details: { text },
        ...(options.expression ? { expression: options.expression } : {}),
      },
    ],
  };
  res.status(status).type('application/fhir+json').send(JSON.stringify(outcome));
}

/** 401 / 403 from the resource server: Bearer challenge in `WWW-Authenticate` and `diagnostics`. */
export function sendAuthOutcome(
  res: Response,
  status: 401 | 403,
  realm: string,
  error: 'invalid_token' | 'insufficient_scope',
  scope?: string,
): void {
  const challenge = `Bearer realm="${realm}", error="${error}"${scope ? `, scope="${scope}"` : ''}`;
  const outcome = {
    resourceType: 'OperationOutcome',
    issue: [
      status === 401
        ? {
            severity: 'error',
            code: 'login',
            diagnostics: challenge,
            location: ['http.Authorization'],
          }
        : {
            severity: 'error',
            code: 'forbidden',
            diagnostics: challenge,
            expression: ['http.Authorization'],
          },
    ],
  };
  res
    .status(status)
    .set('WWW-Authenticate', challenge)
    .type('application/fhir+json')
    .send(JSON.stringify(outcome));
}
