import { Router, type Request, type Response } from 'express';
import type { MockState } from '../state/mock-state.js';
import { restoreSnapshot, snapshotView, takeSnapshot } from '../state/tenant-snapshots.js';

/**
 * A tenant's snapshots (mounted under `/admin` or `/admin/tenants/{id}`):
 * - `POST /snapshots`: saves the tenant's store and clients; 201 `{ id, tenantId, takenAt, counts }`;
 * - `GET /snapshots`: the saved ones, oldest first;
 * - `POST /snapshots/{id}/restore`: brings the tenant back to it (any number of times); 404 for an
 *   id this tenant does not have;
 * - `DELETE /snapshots/{id}`: forgets one.
 *
 * @param state - the tenant's state
 * @returns the router
 * @example
 * ```ts
 * admin.use(createSnapshotRouter(state));
 * ```
 */
export function createSnapshotRouter(state: MockState): Router {
  const router = Router();
  const notFound = (res: Response): void => {
    res.status(404).json({ error: 'not_found', error_description: 'no such snapshot' });
  };
  router.post('/snapshots', (_req: Request, res: Response) => {
    res.status(201).json(snapshotView(takeSnapshot(state)));
  });
  router.get('/snapshots', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json([...state.snapshots.values()].map(snapshotView));
  });
  router.post('/snapshots/:id/restore', (req: Request, res: Response) => {
    const snap = restoreSnapshot(state, String(req.params.id));
    if (!snap) return notFound(res);
    res.status(200).json({ restored: snapshotView(snap), counts: state.store.counts() });
  });
  router.delete('/snapshots/:id', (req: Request, res: Response) => {
    if (!state.snapshots.delete(String(req.params.id))) return notFound(res);
    res.status(204).end();
  });
  return router;
}
