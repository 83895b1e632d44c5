import { Router, type Request, type Response } from 'express';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { createAppointmentRoutes } from './appointment-routes.js';
import { bearerAuth } from './bearer-auth.js';
import { createBinaryRoutes } from './binary-routes.js';
import { cernerHeaders } from './cerner-headers.js';
import { createDocumentReferenceRoutes } from './document-reference-routes.js';
import { createEncounterRoutes } from './encounter-routes.js';
import { createPatientRoutes } from './patient-routes.js';

/** Resource types the mock serves, and the methods each path shape answers. */
const KNOWN = /^\/(Patient|Encounter|Appointment|DocumentReference|Binary)(\/[^/]+)?\/?$/;

/**
 * Where a FHIR request enters the mock (`/r4/{tenant}/…`, after the auth router's unauthenticated
 * `/metadata` and `/.well-known/smart-configuration`): Cerner's headers and Accept rule (406),
 * bearer token (401), then per-resource routes that check scopes (403) and Cerner's rules (400,
 * 404, 422). Anything unknown gets Cerner's 404 `not-found` OperationOutcome; a known path with an
 * unsupported method gets 405 with `Allow`.
 *
 * @param state - the mock's state
 * @returns the router
 * @example
 * ```ts
 * app.use(fhirBasePath(tenantId), createFhirRouter(state));
 * ```
 */
export function createFhirRouter(state: MockState): Router {
  const router = Router();
  router.use(cernerHeaders());
  router.use(bearerAuth(state));
  router.use(createPatientRoutes(state));
  router.use(createEncounterRoutes(state));
  router.use(createAppointmentRoutes(state));
  router.use(createDocumentReferenceRoutes(state));
  router.use(createBinaryRoutes(state));
  router.all('/{*rest}', (req: Request, res: Response) => {
    const m = KNOWN.exec(req.path);
    if (m && req.method !== 'GET' && req.method !== 'HEAD') {
      const canCreate = !m[2] && (m[1] === 'Patient' || m[1] === 'DocumentReference');
      res.set('Allow', canCreate ? 'GET, HEAD, POST' : 'GET, HEAD');
      return sendOutcome(res, 405, 'not-supported', 'Method Not Allowed');
    }
    sendOutcome(res, 404, 'not-found', 'Not Found');
  });
  return router;
}
