import { Router, type Request, type Response } from 'express';
import type { Appointment } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { requireScope } from './scope-check.js';
import { sendResource } from './write-responses.js';

/**
 * Appointment read (Cerner's shape: times without milliseconds).
 *
 * @param state - the mock's state
 * @returns the router
 * @example
 * ```ts
 * router.use(createAppointmentRoutes(state));
 * ```
 */
export function createAppointmentRoutes(state: MockState): Router {
  const router = Router();
  router.get(
    '/Appointment/:id',
    requireScope('Appointment', 'read'),
    (req: Request, res: Response) => {
      const a = state.store.get<Appointment>('Appointment', String(req.params.id));
      if (!a) return sendOutcome(res, 404, 'not-found', 'Not Found');
      sendResource(res, a);
    },
  );
  return router;
}
