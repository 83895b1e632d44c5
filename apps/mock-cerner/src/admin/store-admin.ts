import express, { Router, type Request, type Response } from 'express';
import type { Resource } from 'fhir/r4.js';
import type { MockState } from '../state/mock-state.js';
import { parseFaultRules } from './faults.js';
import { inspectorPage } from './inspector-page.js';

const STORABLE = new Set(['Patient', 'Encounter', 'Appointment', 'DocumentReference', 'Organization', 'Practitioner', 'Location']);
const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Test-only admin API for the store: `POST /admin/load` (a Bundle), `POST /admin/reset`,
 * `PUT|GET|DELETE /admin/faults`, `GET|DELETE /admin/requests`, `GET /admin/store`, and the
 * inspector page at `GET /admin/inspector`.
 */
export function createStoreAdminRouter(state: MockState): Router {
  const router = Router();
  const json = express.json({ limit: '200mb', type: () => true });
  const bad = (res: Response, text: string): void => {
    res.status(400).json({ error: 'invalid_request', error_description: text });
  };

  router.post('/load', json, (req: Request, res: Response) => {
    const bundle = req.body as { resourceType?: string; entry?: { resource?: Resource }[] };
    if (bundle?.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) return bad(res, 'body: expected a FHIR Bundle with entry[]');
    const resources: Resource[] = [];
    for (const [i, e] of bundle.entry.entries()) {
      const r = e?.resource;
      if (!r || typeof r !== 'object' || !STORABLE.has(r.resourceType)) return bad(res, `entry[${i}].resource: one of ${[...STORABLE].join(', ')}`);
      if (r.id !== undefined && !ID_RE.test(r.id)) return bad(res, `entry[${i}].resource.id: not a FHIR id`);
      resources.push(r);
    }
    const counts: Record<string, number> = {};
    const ids: string[] = [];
    for (const r of resources) {
      const stored = r.id ? (state.store.put(r), r) : state.store.create(r);
      counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
      ids.push(`${stored.resourceType}/${stored.id}`);
    }
    res.status(200).json({ loaded: counts, ids });
  });

  router.post('/reset', (_req: Request, res: Response) => {
    state.store.reset();
    state.faults.reset();
    state.requestLog.clear();
    res.status(200).json({ reset: true, counts: state.store.counts() });
  });

  router.put('/faults', json, (req: Request, res: Response) => {
    const rules = parseFaultRules(req.body);
    if (typeof rules === 'string') return bad(res, rules);
    state.faults.set(rules);
    res.status(200).json({ rules: state.faults.list() });
  });
  router.get('/faults', (_req: Request, res: Response) => {
    res.json({ rules: state.faults.list() });
  });
  router.delete('/faults', (_req: Request, res: Response) => {
    state.faults.reset();
    res.status(204).end();
  });

  router.get('/requests', (_req: Request, res: Response) => {
    res.json(state.requestLog.list());
  });
  router.delete('/requests', (_req: Request, res: Response) => {
    state.requestLog.clear();
    res.status(204).end();
  });

  router.get('/store', (req: Request, res: Response) => {
    const type = typeof req.query.type === 'string' ? req.query.type : undefined;
    const limit = Math.min(Number(req.query.limit ?? 50) || 50, 500);
    res.json({ counts: state.store.counts(), ...(type ? { resources: state.store.list(type, limit) } : {}) });
  });

  router.get(['/', '/inspector'], (_req: Request, res: Response) => {
    res.status(200).type('text/html').set('Content-Security-Policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'").send(inspectorPage());
  });
  return router;
}
