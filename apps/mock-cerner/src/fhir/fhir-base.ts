import type { Request } from 'express';
import { fhirBasePath } from '../config.js';
import { requestOrigin } from '../http/origin.js';
import type { MockState } from '../state/mock-state.js';

/** The absolute FHIR base for this request, e.g. `http://127.0.0.1:8080/r4/{tenant}`. */
export function fhirBase(state: MockState, req: Request): string {
  return `${requestOrigin(state, req)}${fhirBasePath(state.tenantId)}`;
}

/** The request's query as URLSearchParams (repeated parameters kept). */
export function queryParams(req: Request): URLSearchParams {
  const i = req.originalUrl.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : req.originalUrl.slice(i + 1));
}
