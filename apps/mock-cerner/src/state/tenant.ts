import { Router } from 'express';
import type { CryptoKey } from 'jose';
import { createAccessTokenIssuer } from '../auth/access-tokens.js';
import { createAuthRouter } from '../auth/auth-router.js';
import { createClientAdminRouter } from '../auth/admin-clients.js';
import { createClientRegistry, type RegisteredClient } from '../auth/client-registry.js';
import { createFaultRegistry } from '../admin/faults.js';
import { createRequestLog, requestLogMiddleware } from '../admin/request-log.js';
import { createStoreAdminRouter } from '../admin/store-admin.js';
import { fhirBasePath, tokenPath } from '../config.js';
import { createFhirRouter } from '../fhir/fhir-router.js';
import { PageContexts } from '../fhir/page-context.js';
import { createFhirStore, type FhirStore } from '../fhir/store.js';
import type { Logger } from './logger.js';
import type { MockState } from './mock-state.js';

/** Options of {@link createTenant}. */
export interface TenantOptions {
  tenantId: string;
  /** Clock, epoch ms. */
  now: () => number;
  logger: Logger;
  /** Fixed public origin for absolute URLs, or undefined to use the request's Host. */
  publicUrl: string | undefined;
  /** Seed the Cerner sandbox resources (on creation and on every reset). */
  seed: boolean;
  /** Clients registered from the start (restored by reset). */
  clients: RegisteredClient[];
  /** Encounter search page size. */
  encounterPageSize: number;
  /** Used to fetch client JWKS by URL. */
  fetch: typeof fetch;
  /** The ES256 key pair that signs this tenant's access tokens (default: a fresh one). */
  accessTokenKeyPair?: { privateKey: CryptoKey; publicKey: CryptoKey };
  /** A store to use instead of a fresh in-memory one. */
  store?: FhirStore;
}

/**
 * One tenant of the mock: its state (store, clients, tokens, faults, request log, page contexts,
 * HL7 deliveries) and the routers that serve it. Creating one costs the seed (a frozen image built
 * once) and a few Maps; its routers are built on first use.
 *
 * @example
 * ```ts
 * const tenant = createTenant({ tenantId: 't1', now: Date.now, logger, publicUrl: undefined,
 *   seed: true, clients: [], encounterPageSize: 10, fetch });
 * tenant.state.store.counts().Patient; // 6
 * ```
 */
export interface MockTenant {
  readonly id: string;
  readonly state: MockState;
  /**
   * Token, discovery and FHIR routes under Cerner's URL layout for this tenant (`/r4/{id}/…`,
   * `/tenants/{id}/…`), behind the request log and fault middleware.
   */
  readonly handler: Router;
  /** This tenant's admin routes (load, reset, faults, requests, store, clients, inspector). */
  readonly admin: Router;
  /**
   * Absolute URLs on an origin.
   *
   * @param origin - e.g. `http://127.0.0.1:8080`
   * @returns the FHIR base and token URLs
   */
  urls(origin: string): { fhirBaseUrl: string; tokenUrl: string };
  /** Clients, store, faults, request log and page contexts back to their start state. */
  reset(): void;
}

/**
 * Creates one tenant (see {@link MockTenant}).
 *
 * @param options - see {@link TenantOptions}
 * @returns the tenant
 * @example
 * ```ts
 * const tenant = createTenant({ ...options, tenantId: 'ward-a' });
 * app.use(tenant.handler);
 * ```
 */
export function createTenant(options: TenantOptions): MockTenant {
  const { tenantId, now } = options;
  const state: MockState = {
    tenantId,
    now,
    logger: options.logger,
    publicUrl: options.publicUrl,
    encounterPageSize: options.encounterPageSize,
    fetch: options.fetch,
    clients: createClientRegistry(options.clients),
    accessTokens: createAccessTokenIssuer({
      tenantId,
      now,
      ...(options.accessTokenKeyPair ? { keyPair: options.accessTokenKeyPair } : {}),
    }),
    store: options.store ?? createFhirStore({ tenantId, now, seed: options.seed }),
    faults: createFaultRegistry(),
    requestLog: createRequestLog(),
    pageContexts: new PageContexts(now),
    deliveredDocuments: new Map(),
  };
  let handler: Router | undefined;
  let admin: Router | undefined;
  return {
    id: tenantId,
    state,
    get handler() {
      if (!handler) {
        handler = Router();
        handler.use(requestLogMiddleware(state));
        handler.use(createAuthRouter(state));
        handler.use(fhirBasePath(tenantId), createFhirRouter(state));
      }
      return handler;
    },
    get admin() {
      if (!admin) {
        admin = Router();
        admin.use(createClientAdminRouter(state));
        admin.use(createStoreAdminRouter(state));
      }
      return admin;
    },
    urls: (origin) => ({
      fhirBaseUrl: `${origin.replace(/\/$/, '')}${fhirBasePath(tenantId)}`,
      tokenUrl: `${origin.replace(/\/$/, '')}${tokenPath(tenantId)}`,
    }),
    reset: () => {
      state.clients.reset();
      state.store.reset();
      state.faults.reset();
      state.requestLog.clear();
    },
  };
}
