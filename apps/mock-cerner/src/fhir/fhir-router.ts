import { Router, type Request, type Response } from 'express';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { createAppointmentRoutes } from './appointment-routes.js';
import { bearerAuth } from './bearer-auth.js';
import { cernerHeaders } from './cerner-headers.js';
import { createDocumentReferenceRoutes } from './document-reference-routes.js';
import { createEncounterRoutes } from './encounter-routes.js';
import { createPatientRoutes } from './patient-routes.js';

/**
 * Where a FHIR request enters the mock (`/r4/{tenant}/…`): Cerner's headers and Accept rule,
 * bearer token (401), then per-resource routes that check scopes (403) and Cerner's rules.
 * Unknown types and ids get Cerner's 404 OperationOutcome.
 */
export function createFhirRouter(state: MockState): Router {
  const router = Router();
  router.use(cernerHeaders());
  router.use(bearerAuth(state));
  router.use(createPatientRoutes(state));
  router.use(createEncounterRoutes(state));
  router.use(createAppointmentRoutes(state));
  router.use(createDocumentReferenceRoutes(state));
  router.all('/{*rest}', (req: Request, res: Response) => {
    const known = /^\/(Patient|Encounter|Appointment|DocumentReference|Binary)(\/[^/]+)?$/.test(req.path);
    if (known && req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, POST');
      return sendOutcome(res, 405, 'not-supported', 'Method Not Allowed');
    }
    sendOutcome(res, 404, 'not-found', 'Not Found');
  });
  return router;
}
