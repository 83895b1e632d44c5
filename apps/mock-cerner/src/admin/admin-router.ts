import { Router } from 'express';
import type { MockState } from '../state/mock-state.js';
import { createClientAdminRouter } from '../auth/admin-clients.js';
import { createStoreAdminRouter } from './store-admin.js';

/** The test-only admin API, outside the FHIR base: clients, store, faults, request log. */
export function createAdminRouter(state: MockState): Router {
  const router = Router();
  router.use(createClientAdminRouter(state));
  router.use(createStoreAdminRouter(state));
  return router;
}
