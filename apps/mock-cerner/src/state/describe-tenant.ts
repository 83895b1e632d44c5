import type { MockTenant } from './tenant.js';

/** A client as printed at start or on tenant creation: its credentials are sandbox fixtures. */
export interface TenantClientView {
  clientId: string;
  /** Absent for key-based (private_key_jwt) clients, and in listings. */
  clientSecret?: string;
  scopes: string[];
}

/**
 * What `mock-cerner --json` prints and `POST /admin/tenants` answers, in this key order.
 */
export interface TenantDescription {
  fhirBaseUrl: string;
  tokenUrl: string;
  tenantId: string;
  clients: TenantClientView[];
  adminUrl: string;
  inspectorUrl: string;
  /** The MLLP listener's port, when one was started. */
  mllpPort?: number;
}

/**
 * Describes a tenant on an origin: its URLs, its clients (with secrets when `withSecrets`), its
 * admin and inspector URLs (`/admin` for the default tenant, `/admin/tenants/{id}` otherwise).
 *
 * @param tenant - the tenant
 * @param options - `origin` (e.g. `http://127.0.0.1:8080`), `isDefault`, `mllpPort`, `withSecrets`
 * @returns the description
 * @example
 * ```ts
 * res.status(201).json(describeTenant(tenant, { origin, isDefault: false, withSecrets: true }));
 * ```
 */
export function describeTenant(
  tenant: MockTenant,
  options: { origin: string; isDefault: boolean; mllpPort?: number; withSecrets: boolean },
): TenantDescription {
  const origin = options.origin.replace(/\/$/, '');
  const { fhirBaseUrl, tokenUrl } = tenant.urls(origin);
  const adminUrl = options.isDefault
    ? `${origin}/admin`
    : `${origin}/admin/tenants/${encodeURIComponent(tenant.id)}`;
  return {
    fhirBaseUrl,
    tokenUrl,
    tenantId: tenant.id,
    clients: tenant.state.clients.list().map((c) => ({
      clientId: c.clientId,
      ...(options.withSecrets && c.clientSecret !== undefined
        ? { clientSecret: c.clientSecret }
        : {}),
      scopes: [...c.scopes],
    })),
    adminUrl,
    inspectorUrl: `${origin}/admin/inspector${options.isDefault ? '' : `?tenant=${encodeURIComponent(tenant.id)}`}`,
    ...(options.mllpPort !== undefined ? { mllpPort: options.mllpPort } : {}),
  };
}
