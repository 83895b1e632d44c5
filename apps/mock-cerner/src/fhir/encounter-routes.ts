import { Router, type Request, type Response } from 'express';
import type { Encounter } from 'fhir/r4.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';
import { requireScope } from './bearer-auth.js';
import { searchBundle, selfLink } from './bundle.js';
import { fhirBase, queryParams } from './fhir-base.js';
import { PageContexts } from './page-context.js';
import { refId } from './store.js';
import { sendResource } from './write-responses.js';

const REQUIRED_TEXT = 'at least one of _id, patient, subject, account, identifier, or -pageContext must be provided';
const MAX_COUNT = 100;

/**
 * Encounter read and search with Cerner's paging: oldest `period.start` first, next links that
 * append `-pageContext=<opaque>&-pageDirection=NEXT` to the original query, no `total` on a
 * paged result (a single page carries it).
 */
export function createEncounterRoutes(state: MockState): Router {
  const router = Router();
  const pages = new PageContexts(state.now);

  router.get('/Encounter/:id', requireScope('Encounter', 'read'), (req: Request, res: Response) => {
    const e = state.store.get<Encounter>('Encounter', String(req.params.id));
    if (!e) return sendOutcome(res, 404, 'not-found', 'Not Found');
    sendResource(res, e);
  });

  router.get('/Encounter', requireScope('Encounter', 'search'), (req: Request, res: Response) => {
    const params = queryParams(req);
    const base = fhirBase(state, req);
    const pageContext = params.get('-pageContext');
    const original = new URLSearchParams(params);
    original.delete('-pageContext');
    original.delete('-pageDirection');

    let ids: string[];
    let offset = 0;
    if (pageContext !== null) {
      const saved = pages.load(pageContext.split('.')[0]!);
      const off = Number(pageContext.split('.')[1] ?? 'NaN');
      if (!saved || !Number.isInteger(off) || off < 0 || off > saved.length) return sendOutcome(res, 400, 'invalid', 'Invalid or expired -pageContext');
      ids = saved;
      offset = off;
    } else {
      const patient = params.get('patient') ?? refId(params.get('subject') ?? params.get('subject:Patient') ?? undefined, 'Patient') ?? params.get('subject:Patient');
      const idList = params.get('_id');
      if (patient === null && idList === null) return sendOutcome(res, 400, 'invalid', REQUIRED_TEXT);
      let list: readonly Encounter[];
      if (patient !== null) {
        list = state.store.encountersOf(patient);
        if (idList !== null) list = list.filter((e) => idList.split(',').includes(e.id!));
      } else {
        list = idList!.split(',').map((i) => state.store.get<Encounter>('Encounter', i)).filter((e): e is Encounter => e !== undefined);
      }
      const status = params.get('status');
      if (status !== null) {
        if (patient === null) return sendOutcome(res, 400, 'invalid', 'status is only allowed with patient');
        list = list.filter((e) => e.status === status);
      }
      // Combined (merged-away) encounters never appear in searches.
      ids = list.filter((e) => e.partOf === undefined || e.status !== 'cancelled').map((e) => e.id!);
    }

    const countParam = original.get('_count');
    const count = countParam === null ? state.encounterPageSize : Math.min(Math.max(Number(countParam) || state.encounterPageSize, 1), MAX_COUNT);
    const pageIds = ids.slice(offset, offset + count);
    const resources = pageIds.map((i) => state.store.get<Encounter>('Encounter', i)).filter((e): e is Encounter => e !== undefined);
    const paged = ids.length > count;
    let next: string | undefined;
    let previous: string | undefined;
    if (paged) {
      const key = pageContext?.split('.')[0] ?? pages.save(ids);
      const link = (off: number, dir: 'NEXT' | 'PREVIOUS'): string => {
        const q = new URLSearchParams(original);
        q.set('-pageContext', `${key}.${off}`);
        q.set('-pageDirection', dir);
        return selfLink(base, 'Encounter', q);
      };
      if (offset + count < ids.length) next = link(offset + count, 'NEXT');
      if (offset > 0) previous = link(Math.max(0, offset - count), 'PREVIOUS');
    }
    const bundle = searchBundle({
      base,
      selfUrl: selfLink(base, 'Encounter', params),
      resources,
      ...(paged ? {} : { total: resources.length }),
      ...(next ? { next } : {}),
      ...(previous ? { previous } : {}),
    });
    res.status(200).type('application/fhir+json').send(JSON.stringify(bundle));
  });
  return router;
}
