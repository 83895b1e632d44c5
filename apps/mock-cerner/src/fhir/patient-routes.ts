import { Router, type Request, type Response } from 'express';
import type { Patient } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { searchBundle, selfLink } from './bundle.js';
import { fhirBase, queryParams } from './fhir-base.js';
import { fhirJsonBody } from './json-body.js';
import { birthdateProblem, patientMatches, SINGLE_VALUE_PARAMS } from './patient-search.js';
import { requireScope } from './scope-check.js';
import { modifierProblem, PATIENT_SEARCH_SPEC } from './search-modifiers.js';
import { validatedCreate } from './validated-create.js';
import { sendJson, sendResource } from './write-responses.js';

/** Parameters of which Cerner needs at least one on `Patient?` (live 2026 list). */
export const PATIENT_SEARCH_PARAMS = [
  '_id',
  'identifier',
  'name',
  'family',
  'given',
  'birthdate',
  'phone',
  'email',
  'address-postalcode',
  '-pageContext',
] as const;

/** Cerner's exact 400 text when none of {@link PATIENT_SEARCH_PARAMS} is given. */
export const PATIENT_MISSING_PARAMS_TEXT =
  'at least one of _id, identifier, name, family, given, birthdate, phone, email, address-postalcode, or -pageContext must be provided';

/** Cerner answers 422 when a Patient search matches more than this many patients. */
export const MAX_PATIENT_MATCHES = 1000;

/**
 * Patient read, search (identifier O(1) through the store's index; `_id`; name, family, given,
 * birthdate, phone, email, address-postalcode, gender as filters) and create with Cerner's rules.
 *
 * @param state - the mock's state
 * @returns the router (mounted under the FHIR base)
 * @example
 * ```ts
 * router.use(createPatientRoutes(state));
 * ```
 */
export function createPatientRoutes(state: MockState): Router {
  const router = Router();

  router.get('/Patient/:id', requireScope('Patient', 'read'), (req: Request, res: Response) => {
    const p = state.store.get<Patient>('Patient', String(req.params.id));
    if (!p) return sendOutcome(res, 404, 'not-found', 'Not Found');
    sendResource(res, p);
  });

  router.get('/Patient', requireScope('Patient', 'search'), (req: Request, res: Response) => {
    const params = queryParams(req);
    const modifier = modifierProblem(params, PATIENT_SEARCH_SPEC);
    if (modifier !== undefined) return sendOutcome(res, 400, 'invalid', modifier);
    if (
      ![...params.keys()].some((k) =>
        (PATIENT_SEARCH_PARAMS as readonly string[]).includes(k.split(':')[0]!),
      )
    ) {
      return sendOutcome(res, 400, 'invalid', PATIENT_MISSING_PARAMS_TEXT);
    }
    if (params.has('-pageContext')) {
      return sendOutcome(res, 400, 'invalid', 'Invalid or expired -pageContext');
    }
    for (const k of SINGLE_VALUE_PARAMS) {
      const all = params.getAll(k);
      if (all.length > 1 || all[0]?.includes(',')) {
        return sendOutcome(res, 400, 'invalid', `${k} may be given once, with one value`);
      }
    }
    const birthdate = birthdateProblem(params.getAll('birthdate'));
    if (birthdate !== undefined) return sendOutcome(res, 400, 'invalid', birthdate);

    let candidates: Iterable<string> | undefined;
    const identifier = params.get('identifier');
    if (identifier !== null) {
      const bar = identifier.indexOf('|');
      const system = bar < 0 ? undefined : identifier.slice(0, bar);
      const value = bar < 0 ? identifier : identifier.slice(bar + 1);
      if (value === '') {
        return sendOutcome(res, 400, 'invalid', 'identifier needs a value (system|value or value)');
      }
      candidates = state.store.findPatientsByIdentifier(system, value);
    }
    const idParam = params.get('_id');
    if (idParam !== null) {
      const wanted = idParam.split(',');
      candidates = candidates ? [...candidates].filter((i) => wanted.includes(i)) : wanted;
    }
    const matches: Patient[] = [];
    const pool: Iterable<Patient | undefined> = candidates
      ? [...candidates].map((i) => state.store.get<Patient>('Patient', i))
      : state.store.values<Patient>('Patient');
    for (const p of pool) {
      if (!p || p.active === false || !patientMatches(p, params)) continue;
      matches.push(p);
      if (matches.length > MAX_PATIENT_MATCHES) {
        return sendOutcome(
          res,
          422,
          'business-rule',
          `Unprocessable Content: more than ${MAX_PATIENT_MATCHES} patients match`,
        );
      }
    }
    const base = fhirBase(state, req);
    sendJson(
      res,
      searchBundle({
        base,
        selfUrl: selfLink(base, 'Patient', params),
        resources: matches,
        total: matches.length,
      }),
    );
  });

  router.post(
    '/Patient',
    requireScope('Patient', 'create'),
    fhirJsonBody(),
    validatedCreate(state, (body, validateStructure) =>
      state.store.createPatient(body, { validateStructure }),
    ),
  );
  return router;
}
