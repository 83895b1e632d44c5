import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { parseClientRegistration } from '../auth/admin-clients.js';
import type { RegisteredClient } from '../auth/client-registry.js';
import { requestOrigin } from '../http/origin.js';
import { describeTenant } from '../state/describe-tenant.js';
import { restoreSnapshot, snapshotView } from '../state/tenant-snapshots.js';
import type { TenantRegistry, TenantSpec } from '../state/tenant-registry.js';
import type { MockTenant } from '../state/tenant.js';
import { isJsonContentType } from './admin-guard.js';
import { ADMIN_LOAD_LIMIT, parseLoadBundle } from './store-admin.js';

const HD = /^[^|^~\\&\r\n]{1,180}$/;

/**
 * Checks a `POST /admin/tenants` body: `{ tenantId?, seed?: 'sandbox' | 'empty', bundle?: Bundle,
 * clients?: [registration, …], hl7?: { receivingApplication?, receivingFacility? } }`.
 *
 * @param body - the parsed JSON (undefined: an empty body, all defaults)
 * @returns the spec, or an error text naming the field
 * @example
 * ```ts
 * parseTenantSpec({ seed: 'empty', hl7: { receivingFacility: 'WARD-A' } });
 * ```
 */
export function parseTenantSpec(body: unknown): TenantSpec | string {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'body: expected a JSON object';
  }
  const b = body as Record<string, unknown>;
  const known = ['tenantId', 'seed', 'bundle', 'clients', 'hl7'];
  const unknown = Object.keys(b).find((k) => !known.includes(k));
  if (unknown !== undefined) return `body: unknown field (known: ${known.join(', ')})`;
  const spec: TenantSpec = {};
  if (b.tenantId !== undefined) {
    if (typeof b.tenantId !== 'string') return 'tenantId: a string';
    spec.tenantId = b.tenantId;
  }
  if (b.seed !== undefined) {
    if (b.seed !== 'sandbox' && b.seed !== 'empty') return "seed: 'sandbox' or 'empty'";
    spec.seed = b.seed;
  }
  if (b.bundle !== undefined) {
    const resources = parseLoadBundle(b.bundle);
    if (typeof resources === 'string') return `bundle.${resources}`;
    spec.resources = resources;
  }
  if (b.clients !== undefined) {
    if (!Array.isArray(b.clients)) return 'clients: a list of client registrations';
    const clients: RegisteredClient[] = [];
    for (const [i, c] of b.clients.entries()) {
      const parsed = parseClientRegistration(c);
      if (!('clientId' in parsed)) return `clients[${i}].${parsed.field}: ${parsed.description}`;
      clients.push(parsed);
    }
    spec.clients = clients;
  }
  if (b.hl7 !== undefined) {
    const h = b.hl7 as Record<string, unknown> | null;
    if (typeof h !== 'object' || h === null || Array.isArray(h)) return 'hl7: an object';
    const route: { receivingApplication?: string; receivingFacility?: string } = {};
    for (const k of ['receivingApplication', 'receivingFacility'] as const) {
      if (h[k] === undefined) continue;
      if (typeof h[k] !== 'string' || !HD.test(h[k])) {
        return `hl7.${k}: 1-180 characters without HL7 delimiters`;
      }
      route[k] = h[k];
    }
    if (Object.keys(route).length === 0) {
      return 'hl7: give receivingApplication (MSH-5) and/or receivingFacility (MSH-6)';
    }
    spec.hl7 = route;
  }
  return spec;
}

/**
 * The host part of the admin API (mounted at `/admin`, behind the guard):
 * - `GET /admin/tenants`: every tenant (`{ tenantId, fhirBaseUrl, …, counts, createdAt }`, no
 *   secrets); `POST /admin/tenants` (see {@link parseTenantSpec}): 201 with the same JSON as
 *   `mock-cerner --json` for the new tenant, secrets included; `GET|DELETE /admin/tenants/{id}`
 *   (the default tenant cannot be deleted: 409);
 * - `/admin/tenants/{id}/…`: that tenant's admin API (load, reset, faults, requests, journal, store,
 *   clients, snapshots); 404 for an unknown tenant;
 * - `POST /admin/snapshots/{id}/restore`: restores a snapshot of any tenant into that tenant;
 * - everything else under `/admin`: the default tenant's admin API.
 *
 * @param tenants - the mock's tenants
 * @param host - `publicUrl` and the MLLP port, for the URLs in answers
 * @returns the router
 * @example
 * ```ts
 * app.use('/admin', adminGuard(access), createTenantAdminRouter(tenants, host));
 * ```
 */
export function createTenantAdminRouter(
  tenants: TenantRegistry,
  host: { publicUrl: string | undefined; mllpPort(): number | undefined },
): Router {
  const router = Router();
  const json = express.json({ limit: ADMIN_LOAD_LIMIT, type: isJsonContentType });
  const describe = (req: Request, t: MockTenant, withSecrets: boolean) => {
    const mllpPort = host.mllpPort();
    return describeTenant(t, {
      origin: requestOrigin({ publicUrl: host.publicUrl }, req),
      isDefault: t === tenants.default,
      withSecrets,
      ...(mllpPort !== undefined ? { mllpPort } : {}),
    });
  };
  const error = (res: Response, status: number, description: string): void => {
    res.status(status).json({
      error: status === 404 ? 'not_found' : 'invalid_request',
      error_description: description,
    });
  };

  router.get('/tenants', (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json(
      tenants.list().map((t) => ({
        ...describe(req, t, false),
        createdAt: t.createdAt,
        counts: t.state.store.counts(),
        ...(t.hl7Route ? { hl7: t.hl7Route } : {}),
      })),
    );
  });
  router.post('/tenants', json, (req: Request, res: Response) => {
    const spec = parseTenantSpec(req.body);
    if (typeof spec === 'string') return error(res, 400, spec);
    const made = tenants.create(spec);
    if ('field' in made) return error(res, made.status, `${made.field}: ${made.description}`);
    res.status(201).location(`/admin/tenants/${encodeURIComponent(made.id)}`);
    res.json(describe(req, made, true));
  });
  router.all('/tenants', (_req: Request, res: Response) => {
    res.set('Allow', 'GET, HEAD, POST');
    error(res, 405, 'method not allowed; use GET, HEAD, POST');
  });

  const tenantOf = (req: Request, res: Response): MockTenant | undefined => {
    const t = tenants.get(String(req.params.tenant));
    if (!t) error(res, 404, 'no such tenant');
    return t;
  };
  router.get('/tenants/:tenant', (req: Request, res: Response) => {
    const t = tenantOf(req, res);
    if (t) {
      res.json({
        ...describe(req, t, false),
        createdAt: t.createdAt,
        counts: t.state.store.counts(),
      });
    }
  });
  router.delete('/tenants/:tenant', (req: Request, res: Response) => {
    const t = tenantOf(req, res);
    if (!t) return;
    if (t === tenants.default) return error(res, 409, 'the default tenant cannot be deleted');
    tenants.delete(t.id);
    res.status(204).end();
  });
  router.use('/tenants/:tenant', (req: Request, res: Response, next: NextFunction) => {
    const t = tenantOf(req, res);
    if (t) t.admin(req, res, next);
  });

  router.post('/snapshots/:id/restore', (req: Request, res: Response, next: NextFunction) => {
    const id = String(req.params.id);
    const owner = tenants.list().find((t) => t.state.snapshots.has(id));
    if (!owner) return next(); // the default tenant's router answers 404
    const snap = restoreSnapshot(owner.state, id)!;
    res.status(200).json({ restored: snapshotView(snap), counts: owner.state.store.counts() });
  });
  router.use((req: Request, res: Response, next: NextFunction) =>
    tenants.default.admin(req, res, next),
  );
  return router;
}
