import { Router, type Request, type Response } from 'express';
import type { Patient } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { searchBundle, selfLink } from './bundle.js';
import { fhirBase, queryParams } from './fhir-base.js';
import { fhirJsonBody } from './json-body.js';
import { birthdateProblem, patientMatches, SINGLE_VALUE_PARAMS } from './patient-search.js';
import { pageOf } from './paging.js';
import { patientView } from './patient-view.js';
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

/** Cerner's default Patient page size (§D.1). */
export const PATIENT_PAGE_SIZE = 20;

/** Largest `_count` honoured on a Patient search. */
export const MAX_PATIENT_COUNT = 100;

/**
 * The page size of a Patient search: `_count` (1-100) for name, birthdate, phone, email or
 * address searches, but not honoured with `_id` or `identifier` (§D.1); otherwise 20.
 *
 * @param params - the request's query
 * @returns the size, or the 400 text for a malformed `_count`
 * @example
 * ```ts
 * patientPageSize(new URLSearchParams('name=smart&_count=5')); // 5
 * ```
 */
export function patientPageSize(params: URLSearchParams): number | string {
  const raw = params.getAll('_count');
  if (raw.length === 0) return PATIENT_PAGE_SIZE;
  const n = Number(raw[0]);
  if (raw.length > 1 || !/^\d{1,6}$/.test(raw[0]!) || n < 1) {
    return '_count must be a positive integer, given once';
  }
  if (params.has('_id') || params.has('identifier')) return PATIENT_PAGE_SIZE;
  return Math.min(n, MAX_PATIENT_COUNT);
}

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
    sendResource(res, patientView(p));
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
    const count = patientPageSize(params);
    if (typeof count === 'string') return sendOutcome(res, 400, 'invalid', count);
    const pageContext = params.get('-pageContext');
    if (pageContext !== null) {
      const saved = state.pageContexts.resolve(pageContext);
      if (!saved) return sendOutcome(res, 400, 'invalid', 'Invalid or expired -pageContext');
      return sendPatientPage(res, req, saved.ids, saved.offset, count, params, saved.key);
    }
    // Cerner: gender only narrows another parameter, and not `_id` alone (§D.1).
    if (
      params.has('gender') &&
      !PATIENT_SEARCH_PARAMS.some((k) => k !== '_id' && k !== '-pageContext' && params.has(k))
    ) {
      return sendOutcome(
        res,
        400,
        'invalid',
        'gender is only allowed with identifier, name, family, given, birthdate, phone, email or address-postalcode',
      );
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
    sendPatientPage(
      res,
      req,
      matches.map((p) => p.id!),
      0,
      count,
      params,
    );
  });

  /** One page of Patient ids, with `total` (Patient searches carry it, §D.3) and Cerner's links. */
  function sendPatientPage(
    res: Response,
    req: Request,
    ids: string[],
    offset: number,
    count: number,
    params: URLSearchParams,
    contextKey?: string,
  ): void {
    const base = fhirBase(state, req);
    const page = pageOf({
      ids,
      offset,
      count,
      ...(contextKey ? { contextKey } : {}),
      contexts: state.pageContexts,
      base,
      type: 'Patient',
      query: params,
    });
    const resources = page.ids
      .map((i) => state.store.get<Patient>('Patient', i))
      .filter((p): p is Patient => p !== undefined)
      .map(patientView);
    sendJson(
      res,
      searchBundle({
        base,
        selfUrl: selfLink(base, 'Patient', params),
        resources,
        total: ids.length,
        ...(page.next ? { next: page.next } : {}),
        ...(page.previous ? { previous: page.previous } : {}),
      }),
    );
  }

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
