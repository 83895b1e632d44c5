// STUB: owned by the token-issuer engineer; keep the exported name.
import { Router } from 'express';
import type { MockState } from '../state/mock-state.js';

/** Token endpoints (both Cerner URL forms), `.well-known/smart-configuration` and `/metadata`. */
export function createAuthRouter(_state: MockState): Router {
  return Router();
}
