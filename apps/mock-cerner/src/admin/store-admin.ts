// STUB: owned by the FHIR engineer; keep the exported name.
import { Router } from 'express';
import type { MockState } from '../state/mock-state.js';

/** `/admin/load`, `/admin/reset`, `/admin/faults`, `/admin/requests`, the inspector page. */
export function createStoreAdminRouter(_state: MockState): Router {
  return Router();
}
