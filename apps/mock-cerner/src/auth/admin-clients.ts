// STUB: owned by the token-issuer engineer; keep the exported name.
import { Router } from 'express';
import type { MockState } from '../state/mock-state.js';

/** `POST /admin/clients` (and `GET /admin/clients`), mounted under /admin. */
export function createClientAdminRouter(_state: MockState): Router {
  return Router();
}
