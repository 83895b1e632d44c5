import { Router, type Request, type Response } from 'express';
import type { Encounter } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { searchBundle, selfLink } from './bundle.js';
import { fhirBase, queryParams } from './fhir-base.js';
import { pageOf } from './paging.js';
import { requireScope } from './scope-check.js';
import { ENCOUNTER_SEARCH_SPEC, modifierProblem } from './search-modifiers.js';
import { refId } from './store.js';
import { sendJson, sendResource } from './write-responses.js';

/** Cerner-style 400 text when no required Encounter search parameter is given. */
export const ENCOUNTER_MISSING_PARAMS_TEXT =
  'at least one of _id, patient, subject, account, identifier, or -pageContext must be provided';

/**
 * A combined (merged-away) encounter: `partOf` its survivor with status `unknown` (Cerner's read,
 * §E.1) or `cancelled`. Searches never return it.
 */
const isCombined = (e: Encounter): boolean =>
  e.partOf !== undefined && (e.status === 'unknown' || e.status === 'cancelled');

/** Largest `_count` honoured on `Encounter?patient=`. */
export const MAX_ENCOUNTER_COUNT = 100;

const DATE_FILTER =
  /^(ge|gt|le|lt)(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)$/;

/** `date=ge…&date=lt…` on `period.start` (instants compared as epoch ms). */
function dateFilter(values: string[]): ((e: Encounter) => boolean) | string {
  if (values.length > 2) return 'date may be given at most twice';
  const tests: ((t: number) => boolean)[] = [];
  for (const v of values) {
    const m = DATE_FILTER.exec(v);
    if (!m) {
      return `date: expected ge, gt, le or lt and a date, got ${JSON.stringify(v.slice(0, 40))}`;
    }
    const at = Date.parse(m[2]!.length === 10 ? `${m[2]}T00:00:00Z` : m[2]!);
    if (Number.isNaN(at)) return 'date: not a valid date';
    tests.push(
      m[1] === 'ge'
        ? (t) => t >= at
        : m[1] === 'gt'
          ? (t) => t > at
          : m[1] === 'le'
            ? (t) => t <= at
            : (t) => t < at,
    );
  }
  return (e) => {
    const t = Date.parse(e.period?.start ?? '');
    return !Number.isNaN(t) && tests.every((f) => f(t));
  };
}

/**
 * Encounter read and search with Cerner's paging: `patient` (bare id), `subject` (`Patient/123`),
 * `subject:Patient`, or `_id` (comma list); `status` and `date` only with a patient; oldest
 * `period.start` first; next links that append `-pageContext=<opaque>&-pageDirection=NEXT` to the
 * original query; no `total` on a paged result (a single page carries it).
 *
 * @param state - the mock's state (`encounterPageSize`, clock)
 * @returns the router
 * @example
 * ```ts
 * router.use(createEncounterRoutes(state));
 * ```
 */
export function createEncounterRoutes(state: MockState): Router {
  const router = Router();
  const contexts = state.pageContexts;

  router.get('/Encounter/:id', requireScope('Encounter', 'read'), (req: Request, res: Response) => {
    const e = state.store.get<Encounter>('Encounter', String(req.params.id));
    if (!e) return sendOutcome(res, 404, 'not-found', 'Not Found');
    sendResource(res, e);
  });

  router.get('/Encounter', requireScope('Encounter', 'search'), (req: Request, res: Response) => {
    const params = queryParams(req);
    const modifier = modifierProblem(params, ENCOUNTER_SEARCH_SPEC);
    if (modifier !== undefined) return sendOutcome(res, 400, 'invalid', modifier);
    const base = fhirBase(state, req);
    const pageContext = params.get('-pageContext');
    const subject = params.get('subject');
    const patient =
      params.get('patient') ??
      (subject !== null ? (refId(subject, 'Patient') ?? '') : null) ??
      params.get('subject:Patient');
    const idList = params.get('_id');

    let ids: string[];
    let offset = 0;
    let contextKey: string | undefined;
    if (pageContext !== null) {
      const saved = contexts.resolve(pageContext);
      if (!saved) return sendOutcome(res, 400, 'invalid', 'Invalid or expired -pageContext');
      ({ ids, offset, key: contextKey } = saved);
    } else {
      if (patient === null && idList === null) {
        return sendOutcome(res, 400, 'invalid', ENCOUNTER_MISSING_PARAMS_TEXT);
      }
      for (const k of ['patient', 'subject', '_count'] as const) {
        if (params.getAll(k).length > 1) {
          return sendOutcome(res, 400, 'invalid', `${k} may be given once`);
        }
      }
      // An empty value (or a subject that is not a Patient reference) is a bad value, not a
      // patient without encounters: an empty Bundle would hide the caller's bug.
      if (patient === '') {
        return sendOutcome(res, 400, 'invalid', 'patient (or subject) must name a Patient id');
      }
      let list: Encounter[];
      if (patient !== null) {
        list = state.store.encountersOf(patient);
        if (idList !== null) list = list.filter((e) => idList.split(',').includes(e.id!));
      } else {
        list = idList!
          .split(',')
          .map((i) => state.store.get<Encounter>('Encounter', i))
          .filter((e): e is Encounter => e !== undefined);
      }
      const status = params.get('status');
      if (status !== null) {
        if (patient === null) {
          return sendOutcome(res, 400, 'invalid', 'status is only allowed with patient or subject');
        }
        const wanted = status.split(',');
        list = list.filter((e) => wanted.includes(e.status));
      }
      const dates = params.getAll('date');
      if (dates.length > 0) {
        if (patient === null) {
          return sendOutcome(res, 400, 'invalid', 'date is only allowed with patient or subject');
        }
        const f = dateFilter(dates);
        if (typeof f === 'string') return sendOutcome(res, 400, 'invalid', f);
        list = list.filter(f);
      }
      // Combined (merged-away) encounters, which point at their survivor, never appear in searches.
      ids = list.filter((e) => !isCombined(e)).map((e) => e.id!);
    }

    const countParam = params.get('_count');
    let count = state.encounterPageSize;
    if (countParam !== null && (patient !== null || pageContext !== null)) {
      const n = Number(countParam);
      if (!Number.isInteger(n) || n < 1) {
        return sendOutcome(res, 400, 'invalid', '_count must be a positive integer');
      }
      count = Math.min(n, MAX_ENCOUNTER_COUNT);
    }
    const page = pageOf({
      ids,
      offset,
      count,
      ...(contextKey ? { contextKey } : {}),
      contexts,
      base,
      type: 'Encounter',
      query: params,
      quirks: true,
    });
    const resources = page.ids
      .map((i) => state.store.get<Encounter>('Encounter', i))
      .filter((e): e is Encounter => e !== undefined);
    sendJson(
      res,
      searchBundle({
        base,
        selfUrl: selfLink(base, 'Encounter', params),
        resources,
        ...(page.paged ? {} : { total: resources.length }),
        ...(page.next ? { next: page.next } : {}),
        ...(page.previous ? { previous: page.previous } : {}),
      }),
    );
  });
  return router;
}
