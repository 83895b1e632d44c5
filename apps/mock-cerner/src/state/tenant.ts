import { Router } from 'express';
import type { CryptoKey } from 'jose';
import { createAccessTokenIssuer } from '../auth/access-tokens.js';
import { createAuthRouter } from '../auth/auth-router.js';
import { createClientAdminRouter } from '../auth/admin-clients.js';
import { createClientRegistry, type RegisteredClient } from '../auth/client-registry.js';
import { createFaultRegistry } from '../admin/faults.js';
import { createJournalRouter } from '../admin/journal.js';
import { ADMIN_METHODS, answerMethodNotAllowed } from '../admin/method-not-allowed.js';
import {
  createRequestLog,
  requestLogMiddleware,
  type AnyRequestLogEntry,
} from '../admin/request-log.js';
import { createSnapshotRouter } from '../admin/snapshot-routes.js';
import { createStoreAdminRouter } from '../admin/store-admin.js';
import { fhirBasePath, hostTokenPath, SANDBOX_FHIR_HOST, tokenPath } from '../config.js';
import { createFhirRouter } from '../fhir/fhir-router.js';
import { PageContexts } from '../fhir/page-context.js';
import { createFhirStore, type FhirStore } from '../fhir/store.js';
import type { Logger } from './logger.js';
import type { MockState } from './mock-state.js';
import { withBulkRevocation } from './token-ledger.js';

/** Which HL7 messages go to a tenant: MSH-5 (receiving application) and/or MSH-6 (facility). */
export interface Hl7Route {
  receivingApplication?: string;
  receivingFacility?: string;
}

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
  /** HL7 messages routed to this tenant (besides MSH-6 equal to its id). */
  hl7Route?: Hl7Route;
  /** Called with every request-log entry of this tenant (the `--log` access log). */
  onLogEntry?: (tenantId: string, entry: AnyRequestLogEntry) => void;
}

/**
 * One tenant of the mock: its state (store, clients, tokens, faults, request log, page contexts,
 * HL7 deliveries, snapshots) and the routers that serve it. Creating one costs the seed (a frozen
 * image built once per tenant) and a few Maps; its routers are built on first use.
 *
 * @example
 * ```ts
 * const tenant = createTenant({ tenantId: 't1', now: Date.now, logger, publicUrl: undefined,
 *   seed: true, clients: [], encounterPageSize: 10, fetch });
 * tenant.state.store.counts().Patient;
 * ```
 */
export interface MockTenant {
  readonly id: string;
  readonly state: MockState;
  /** HL7 messages routed here besides MSH-6 equal to the tenant id. */
  readonly hl7Route: Hl7Route | undefined;
  /** ISO creation time. */
  readonly createdAt: string;
  /**
   * Token, discovery and FHIR routes under Cerner's URL layout for this tenant (`/r4/{id}/…`,
   * `/tenants/{id}/…`), behind the request log and fault middleware.
   */
  readonly handler: Router;
  /** This tenant's admin routes (load, reset, faults, requests, journal, store, clients, snapshots). */
  readonly admin: Router;
  /**
   * Absolute URLs on an origin.
   *
   * @param origin - e.g. `http://127.0.0.1:8080`
   * @returns the FHIR base and both token URL forms
   */
  urls(origin: string): { fhirBaseUrl: string; tokenUrl: string; hostTokenUrl: string };
  /**
   * Clients, store, faults, request log and page contexts back to their start state; with
   * `revokeTokens`, every token issued so far is revoked too (default: tokens stay valid); with
   * `keepClients`, registered clients stay (what `POST /admin/reset` does).
   *
   * @param options - `revokeTokens`, `keepClients`
   * @returns how many tokens were revoked
   */
  reset(options?: { revokeTokens?: boolean; keepClients?: boolean }): { revokedTokens: number };
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
  const { tenantId, now, onLogEntry } = options;
  const state: MockState = {
    tenantId,
    now,
    logger: options.logger,
    publicUrl: options.publicUrl,
    encounterPageSize: options.encounterPageSize,
    fetch: options.fetch,
    clients: createClientRegistry(options.clients),
    accessTokens: withBulkRevocation(
      createAccessTokenIssuer({
        tenantId,
        now,
        ...(options.accessTokenKeyPair ? { keyPair: options.accessTokenKeyPair } : {}),
      }),
      now,
    ),
    store: options.store ?? createFhirStore({ tenantId, now, seed: options.seed }),
    faults: createFaultRegistry(),
    requestLog: createRequestLog(1000, onLogEntry && ((e) => onLogEntry(tenantId, e))),
    pageContexts: new PageContexts(now),
    deliveredDocuments: new Map(),
    snapshots: new Map(),
  };
  let handler: Router | undefined;
  let admin: Router | undefined;
  const tenant: MockTenant = {
    id: tenantId,
    state,
    hl7Route: options.hl7Route,
    createdAt: new Date(now()).toISOString(),
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
        admin.use(createSnapshotRouter(state));
        admin.use(createJournalRouter(state));
        // `POST /admin/reset` keeps registered clients (as it always has); `reset()` restores them.
        admin.use(createStoreAdminRouter(state, (o) => tenant.reset({ ...o, keepClients: true })));
        answerMethodNotAllowed(admin, ADMIN_METHODS);
      }
      return admin;
    },
    urls: (origin) => {
      const o = origin.replace(/\/$/, '');
      return {
        fhirBaseUrl: `${o}${fhirBasePath(tenantId)}`,
        tokenUrl: `${o}${tokenPath(tenantId)}`,
        hostTokenUrl: `${o}${hostTokenPath(tenantId, SANDBOX_FHIR_HOST)}`,
      };
    },
    reset: (o = {}) => {
      if (!o.keepClients) state.clients.reset();
      state.store.reset();
      state.faults.reset();
      state.requestLog.clear();
      state.pageContexts.clear();
      return { revokedTokens: o.revokeTokens ? state.accessTokens.revokeAll() : 0 };
    },
  };
  return tenant;
}
