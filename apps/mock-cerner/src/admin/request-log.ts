// STUB: owned by the FHIR engineer; keep the exported names.
import type { RequestHandler } from 'express';
import type { MockState } from '../state/mock-state.js';

export interface RequestLog {
  clear(): void;
}
export function createRequestLog(): RequestLog {
  return { clear: () => undefined };
}
/** Records every request (secrets redacted) and applies configured faults. Mounted first. */
export function requestLogMiddleware(_state: MockState): RequestHandler {
  return (_req, _res, next) => next();
}
