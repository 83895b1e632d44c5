import { Router, type NextFunction, type Request, type Response } from 'express';
import type { MockTenant } from '../state/tenant.js';

/** True for 127.0.0.0/8 and ::1, including IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || a.startsWith('127.');
}

/**
 * The test-only admin API, outside the FHIR base: clients, store, faults, request log of a tenant.
 * Answers loopback peers only, unless `allowRemoteAdmin` was set.
 *
 * @param tenant - the tenant the API administers
 * @param options - `allowRemoteAdmin`: answer non-loopback peers too
 * @returns the router, mounted at `/admin`
 * @example
 * ```ts
 * app.use('/admin', createAdminRouter(tenant));
 * ```
 */
export function createAdminRouter(
  tenant: MockTenant,
  options: { allowRemoteAdmin?: boolean } = {},
): Router {
  const router = Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (options.allowRemoteAdmin || isLoopback(req.socket.remoteAddress)) {
      next();
      return;
    }
    res.status(403).json({
      error: 'forbidden',
      error_description: 'the admin API answers loopback clients only',
    });
  });
  router.use(tenant.admin);
  return router;
}
