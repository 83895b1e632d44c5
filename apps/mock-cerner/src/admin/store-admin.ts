import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Resource } from 'fhir/r4.js';
import { STORED_TYPES } from '../fhir/store.js';
import { jsonBoundsProblem, MAX_JSON_DEPTH } from '../http/json-bounds.js';
import type { MockState } from '../state/mock-state.js';
import { parseFaultRules } from './faults.js';
import { INSPECTOR_CSP, inspectorPage } from './inspector-page.js';
import { INSPECTOR_CSS } from './inspector/inspector-css.js';
import { INSPECTOR_SCRIPT } from './inspector/inspector-script.js';
import { loadShapeError } from './load-shape.js';
import { isJsonContentType } from './admin-guard.js';
import { isMllpEntry } from './request-log.js';

const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;
const BUNDLE_TYPES = new Set(['collection', 'transaction', 'batch', 'searchset']);
/** Largest `POST /admin/load` body. */
export const ADMIN_LOAD_LIMIT = '512mb';

/**
 * Checks a `POST /admin/load` body.
 *
 * @param body - the parsed JSON
 * @returns the resources to load, or an error text naming the field (also for a field whose JSON
 *   type the store relies on, see `loadShapeError`)
 * @example
 * ```ts
 * parseLoadBundle({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }] });
 * ```
 */
export function parseLoadBundle(body: unknown): Resource[] | string {
  const bundle = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | null;
  if (typeof bundle !== 'object' || bundle === null || bundle.resourceType !== 'Bundle') {
    return 'body: expected a FHIR Bundle';
  }
  if (typeof bundle.type !== 'string' || !BUNDLE_TYPES.has(bundle.type)) {
    return 'type: expected collection, transaction or batch';
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) return 'entry: expected a list';
  const resources: Resource[] = [];
  for (const [i, e] of ((bundle.entry as unknown[] | undefined) ?? []).entries()) {
    const r = (e as { resource?: unknown } | null)?.resource as Record<string, unknown> | undefined;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      return `entry[${i}].resource: expected a resource`;
    }
    if (
      typeof r.resourceType !== 'string' ||
      !(STORED_TYPES as readonly string[]).includes(r.resourceType)
    ) {
      return `entry[${i}].resource.resourceType: one of ${STORED_TYPES.join(', ')}`;
    }
    if (r.id !== undefined && (typeof r.id !== 'string' || !ID_RE.test(r.id))) {
      return `entry[${i}].resource.id: not a FHIR id`;
    }
    // Checked for every entry before any is stored: a refused load changes nothing.
    const shape = loadShapeError(r, `entry[${i}].resource`);
    if (shape) return shape;
    resources.push(r as unknown as Resource);
  }
  return resources;
}

/** Largest `limit` of `GET /admin/store`. */
export const MAX_STORE_LIMIT = 500;

/**
 * A paging query value of the admin API: absent -> the default; otherwise a decimal integer in
 * `[min, max]` (no exponent, sign, fraction or repeat), else the problem in words.
 *
 * @param raw - `req.query.limit` or `req.query.offset`
 * @param fallback - the value when absent
 * @param min - smallest allowed
 * @param max - largest allowed
 * @returns the integer, or the problem text
 * @example
 * ```ts
 * pagingValue('1e308', 50, 1, 500); // 'expected an integer from 1 to 500'
 * ```
 */
export function pagingValue(
  raw: unknown,
  fallback: number,
  min: number,
  max: number,
): number | string {
  if (raw === undefined) return fallback;
  const problem = `expected an integer from ${min} to ${max}`;
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) return problem;
  const n = Number(raw);
  return n >= min && n <= max ? n : problem;
}

/**
 * Test-only admin API for the store (mounted under `/admin`, loopback only by the admin router):
 * - `POST /admin/load`: a Bundle (collection, transaction or batch) of resources; ids kept when
 *   given; answers `{ loaded: { Patient: n, … }, ids: ['Patient/1', …] }`;
 * - `POST /admin/reset`: the tenant back to its start (seed data, clients, no faults, empty request
 *   log); `{ "revokeTokens": true }` (or `?revokeTokens=true`) also revokes every token issued;
 * - `PUT|GET|DELETE /admin/faults` (HTTP and MLLP rules); `GET|DELETE /admin/requests` (HTTP
 *   requests and MLLP messages, `?protocol=http|mllp` for one kind);
 * - `GET /admin/store[?type=Patient&limit=50&offset=0]` (limit 1-500, offset >= 0, else 400), `GET /admin/store/{type}/{id}`;
 * - `GET /admin` or `/admin/inspector`: the inspector page.
 *
 * @param state - the tenant's state
 * @param reset - the tenant's reset (default: store, faults and request log)
 * @returns the router
 * @example
 * ```ts
 * router.use(createStoreAdminRouter(state, (o) => tenant.reset(o)));
 * ```
 */
export function createStoreAdminRouter(
  state: MockState,
  reset: (options: { revokeTokens?: boolean }) => { revokedTokens: number } = () => {
    state.store.reset();
    state.faults.reset();
    state.requestLog.clear();
    return { revokedTokens: 0 };
  },
): Router {
  const router = Router();
  const parseJson = express.json({ limit: ADMIN_LOAD_LIMIT, type: isJsonContentType });
  const json = (req: Request, res: Response, next: NextFunction): void => {
    parseJson(req, res, (err?: unknown) => {
      if (!err) {
        if (jsonBoundsProblem(req.body, { maxDepth: MAX_JSON_DEPTH }) === undefined) return next();
        return bad(res, `body: nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      const status = (err as { status?: number }).status === 413 ? 413 : 400;
      res.status(status).json({
        error: 'invalid_request',
        error_description: status === 413 ? 'body too large' : 'body: malformed JSON',
      });
    });
  };
  const bad = (res: Response, text: string): void => {
    res.status(400).json({ error: 'invalid_request', error_description: text });
  };

  router.post('/load', json, (req: Request, res: Response) => {
    const resources = parseLoadBundle(req.body);
    if (typeof resources === 'string') return bad(res, resources);
    const loaded = state.store.loadMany(resources);
    res.status(200).json({
      loaded,
      ids: resources.length <= 1000 ? resources.map((r) => `${r.resourceType}/${r.id}`) : undefined,
      counts: state.store.counts(),
    });
  });

  router.post('/reset', json, (req: Request, res: Response) => {
    const fromBody = (req.body as { revokeTokens?: unknown } | undefined)?.revokeTokens;
    const revoke = fromBody ?? (req.query.revokeTokens === 'true' ? true : undefined);
    if (revoke !== undefined && typeof revoke !== 'boolean') {
      return bad(res, 'revokeTokens: true or false');
    }
    const { revokedTokens } = reset({ revokeTokens: revoke === true });
    res.status(200).json({ reset: true, counts: state.store.counts(), revokedTokens });
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

  router.get('/requests', (req: Request, res: Response) => {
    const protocol = req.query.protocol;
    if (protocol !== undefined && protocol !== 'http' && protocol !== 'mllp') {
      return bad(res, "protocol: 'http' or 'mllp'");
    }
    // HTTP entries are tagged here, not when logged: the HTTP path does no extra work.
    const entries = state.requestLog
      .entries()
      .map((e) => (isMllpEntry(e) ? e : { protocol: 'http' as const, ...e }))
      .filter((e) => protocol === undefined || e.protocol === protocol);
    res.set('Cache-Control', 'no-store').json(entries);
  });
  router.delete('/requests', (_req: Request, res: Response) => {
    state.requestLog.clear();
    res.status(204).end();
  });

  router.get('/store', (req: Request, res: Response) => {
    const type = typeof req.query.type === 'string' ? req.query.type : undefined;
    const limit = pagingValue(req.query.limit, 50, 1, MAX_STORE_LIMIT);
    if (typeof limit === 'string') return bad(res, `limit: ${limit}`);
    const offset = pagingValue(req.query.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    if (typeof offset === 'string') return bad(res, `offset: ${offset}`);
    res.set('Cache-Control', 'no-store').json({
      counts: state.store.counts(),
      ...(type ? { type, resources: state.store.list(type, limit, offset) } : {}),
    });
  });
  router.get('/store/:type/:id', (req: Request, res: Response) => {
    const r = state.store.get(String(req.params.type), String(req.params.id));
    if (!r) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    res.json(r);
  });

  router.get(['/', '/inspector'], (_req: Request, res: Response) => {
    res
      .status(200)
      .type('text/html')
      .set({
        'Content-Security-Policy': INSPECTOR_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      })
      .send(inspectorPage());
  });
  router.get('/inspector.js', (_req: Request, res: Response) => {
    res.type('text/javascript').set('X-Content-Type-Options', 'nosniff').send(INSPECTOR_SCRIPT);
  });
  router.get('/inspector.css', (_req: Request, res: Response) => {
    res.type('text/css').set('X-Content-Type-Options', 'nosniff').send(INSPECTOR_CSS);
  });
  return router;
}
