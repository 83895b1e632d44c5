import type { Resource } from 'fhir/r4.js';
import type { RegisteredClient } from '../auth/client-registry.js';
import { ACTION_SCOPES, DEFAULT_CLIENT } from '../config.js';
import type { MockState } from './mock-state.js';
import { createTenant, type Hl7Route, type MockTenant, type TenantOptions } from './tenant.js';

/** What a new tenant is made of (`POST /admin/tenants`). */
export interface TenantSpec {
  /** Default: a new UUID (Cerner's tenant ids are UUIDs). */
  tenantId?: string;
  /** `sandbox` (default): Cerner's sandbox resources; `empty`: none. */
  seed?: 'sandbox' | 'empty';
  /** Resources loaded after the seed (and restored by reset, like the seed). */
  resources?: Resource[];
  /**
   * Clients of the tenant. Default: one system client with the default client's id and scopes and
   * a fresh secret (so one tenant's credentials never work on another).
   */
  clients?: RegisteredClient[];
  /** HL7 messages routed to this tenant (besides MSH-6 equal to its id). */
  hl7?: Hl7Route;
}

/** At most this many tenants per mock (the default one included). */
export const MAX_TENANTS = 10_000;

/** Tenant ids: 1-128 URL-safe characters, as `--tenant`. */
export const TENANT_ID_RE = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * The tenants one mock process serves: the default one (never deleted) and those created at run
 * time, by id. Everything of a tenant is its own object (`MockTenant`); this map is the only thing
 * they share.
 *
 * @example
 * ```ts
 * const tenants = createTenantRegistry(defaultTenant, baseOptions);
 * const t = tenants.create({ seed: 'sandbox' });
 * if (typeof t !== 'string') tenants.delete(t.id);
 * ```
 */
export interface TenantRegistry {
  readonly default: MockTenant;
  /** The tenant with this id, or undefined. */
  get(id: string): MockTenant | undefined;
  /**
   * Creates a tenant.
   *
   * @returns the tenant, or an error text naming the field (`tenantId` taken, too many tenants)
   */
  create(spec: TenantSpec): MockTenant | { field: string; description: string; status: number };
  /** Deletes a tenant (not the default one); true when it existed. */
  delete(id: string): boolean;
  /** Every tenant, the default one first, then in creation order. */
  list(): MockTenant[];
  /**
   * The tenant an HL7 message goes to: MSH-5 and MSH-6 against each tenant's route (application
   * and facility both named, then facility alone, then application alone), then MSH-6 equal to a
   * tenant id, else the default tenant.
   */
  hl7State(receivingApplication: string, receivingFacility: string): MockState;
}

/**
 * Creates the registry around the default tenant.
 *
 * @param defaultTenant - the tenant of `--tenant` / `tenantId`
 * @param base - the options every created tenant shares (clock, logger, public URL, fetch, …)
 * @returns the registry
 * @example
 * ```ts
 * const tenants = createTenantRegistry(tenant, { now, logger, publicUrl, encounterPageSize, fetch });
 * ```
 */
export function createTenantRegistry(
  defaultTenant: MockTenant,
  base: Omit<TenantOptions, 'tenantId' | 'seed' | 'clients' | 'hl7Route' | 'accessTokenKeyPair'>,
): TenantRegistry {
  const tenants = new Map<string, MockTenant>([[defaultTenant.id, defaultTenant]]);
  /** Tenants with an HL7 route: the only ones a message's MSH-5/MSH-6 is compared against. */
  const routed = new Set<MockTenant>(defaultTenant.hl7Route ? [defaultTenant] : []);
  const route = (t: MockTenant, app: string, facility: string): number => {
    const r = t.hl7Route;
    if (!r) return 0;
    const a = r.receivingApplication;
    const f = r.receivingFacility;
    if (a !== undefined && f !== undefined) return a === app && f === facility ? 3 : 0;
    if (f !== undefined) return f === facility ? 2 : 0;
    return a !== undefined && a === app ? 1 : 0;
  };
  return {
    default: defaultTenant,
    get: (id) => tenants.get(id),
    create(spec) {
      const tenantId = spec.tenantId ?? crypto.randomUUID();
      if (!TENANT_ID_RE.test(tenantId)) {
        return { field: 'tenantId', description: '1-128 letters, digits or . _ ~ -', status: 400 };
      }
      if (tenants.has(tenantId)) {
        return { field: 'tenantId', description: 'a tenant with this id exists', status: 409 };
      }
      if (tenants.size >= MAX_TENANTS) {
        return { field: 'tenantId', description: `at most ${MAX_TENANTS} tenants`, status: 409 };
      }
      const clients = spec.clients ?? [
        {
          clientId: DEFAULT_CLIENT.clientId,
          clientSecret: `mock-${crypto.randomUUID()}`,
          scopes: [...ACTION_SCOPES],
          scopeStyle: DEFAULT_CLIENT.scopeStyle,
          name: 'default system client',
        },
      ];
      const tenant = createTenant({
        ...base,
        tenantId,
        seed: spec.seed !== 'empty',
        clients,
        ...(spec.hl7 ? { hl7Route: spec.hl7 } : {}),
      });
      if (spec.resources && spec.resources.length > 0) {
        tenant.state.store.loadMany(spec.resources);
        // The loaded resources belong to the tenant's start state: reset comes back to them.
        tenant.state.store.rebase();
      }
      tenants.set(tenantId, tenant);
      if (tenant.hl7Route) routed.add(tenant);
      return tenant;
    },
    delete(id) {
      const tenant = tenants.get(id);
      if (!tenant || tenant === defaultTenant) return false;
      routed.delete(tenant);
      return tenants.delete(id);
    },
    list: () => [...tenants.values()],
    hl7State(app, facility) {
      let best: MockTenant | undefined;
      let score = 0;
      for (const t of routed) {
        const s = route(t, app, facility);
        if (s > score) {
          best = t;
          score = s;
          if (s === 3) break;
        }
      }
      return (best ?? tenants.get(facility) ?? defaultTenant).state;
    },
  };
}
