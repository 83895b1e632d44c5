// STUB: owned by the FHIR engineer; keep the exported name.
import { Router } from 'express';
import type { MockState } from '../state/mock-state.js';

/** FHIR R4 endpoints, mounted at `/r4/{tenant}` after the auth router. */
export function createFhirRouter(_state: MockState): Router {
  return Router();
}
