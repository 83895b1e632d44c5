import { guardLogger } from '@cerner-kit/core';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { CryptoKey } from 'jose';
import type { RegisteredClient } from './auth/client-registry.js';
import { adminGuard } from './admin/admin-guard.js';
import { createTenantAdminRouter } from './admin/tenant-admin.js';
import { DEFAULT_CLIENT, DEFAULT_TENANT_ID } from './config.js';
import { accessLogLine } from './http/access-log.js';
import { landingPage } from './http/landing-page.js';
import { sendOutcome } from './http/operation-outcome.js';
import type { Logger } from './state/logger.js';
import type { MockState } from './state/mock-state.js';
import { createTenantRegistry, type TenantRegistry } from './state/tenant-registry.js';
import { createTenant, type Hl7Route, type TenantOptions } from './state/tenant.js';

/** Options of {@link createMockCerner}. Every field is optional. */
export interface MockCernerOptions {
  /** The default tenant's id in every URL. Default: Cerner's public sandbox tenant. */
  tenantId?: string;
  /** Fixed public origin for absolute URLs (`Location`, `token_endpoint`); default: the request's Host. */
  publicUrl?: string;
  /** Clock, epoch ms. */
  now?: () => number;
  /** Seed the Cerner sandbox patients, encounters and appointment (default true). */
  seed?: boolean;
  /** The default system client, or `false` for none. */
  defaultClient?:
    false | Partial<Pick<RegisteredClient, 'clientId' | 'clientSecret' | 'scopes' | 'scopeStyle'>>;
  /** More clients registered at start. */
  clients?: RegisteredClient[];
  /** Encounter search page size. Default 10. */
  encounterPageSize?: number;
  /** Used to fetch client JWKS by URL. */
  fetch?: typeof fetch;
  logger?: Logger;
  /** Let non-loopback peers use `/admin` (default false); needs `adminToken`. */
  allowRemoteAdmin?: boolean;
  /** The admin API's bearer token (at least 16 characters): required from remote peers. */
  adminToken?: string;
  /** Require `adminToken` from every peer (`startMockCerner` sets it for a non-loopback host). */
  requireAdminToken?: boolean;
  /** HL7 messages routed to the default tenant besides MSH-6 equal to its id (default: all others). */
  hl7Route?: Hl7Route;
  /**
   * Called with one line per request and per HL7 message, of every tenant (the bin's `--log`):
   * no bodies, no query strings, no headers (see `accessLogLine`).
   */
  accessLog?: (line: string) => void;
  /**
   * The ES256 key pair that signs the default tenant's access tokens (default: a fresh one). Lets
   * tests sign tokens the mock would never issue and check that the FHIR side refuses them.
   */
  accessTokenKeyPair?: { privateKey: CryptoKey; publicKey: CryptoKey };
}

/** What {@link createMockCerner} returns: the Express app (no listen), its tenants and state. */
export interface MockCerner {
  readonly app: Express;
  /** The default tenant's state. */
  readonly state: MockState;
  /** The default tenant's id. */
  readonly tenantId: string;
  /** Every tenant this app serves (`POST /admin/tenants` adds to it). */
  readonly tenants: TenantRegistry;
  /** The default client's credentials, or undefined when disabled. */
  readonly defaultClient: RegisteredClient | undefined;
  /** The MLLP listener's port, reported in tenant descriptions (set by `startMockCerner`). */
  mllpPort: number | undefined;
  /** Absolute URLs of the default tenant on an origin such as `http://127.0.0.1:8080`. */
  urls(origin: string): { fhirBaseUrl: string; tokenUrl: string };
  /**
   * The default tenant's clients, store, faults, request log and page contexts back to their start
   * state; `revokeTokens` also revokes every token it issued (default: tokens stay valid).
   */
  reset(options?: { revokeTokens?: boolean }): void;
}

const TENANT_PATH = /^\/(r4|tenants)\/([^/]+)/;

/**
 * Creates an in-process Cerner sandbox serving any number of tenants: token issuer, FHIR R4
 * endpoints and admin API per tenant, under Cerner's URL layout (`/r4/{tenant}`,
 * `/tenants/{tenant}/…`). A request is routed by the tenant in its path to that tenant's own
 * routers and state; a FHIR request for an unknown tenant gets Cerner's 403 "Tenant not valid or
 * accessible"; a token request for one Cerner's 400 `invalid_grant` (`invalid-tenant`).
 *
 * @param options - see {@link MockCernerOptions}
 * @returns the app and its state, for supertest or `app.listen(0, '127.0.0.1')`
 * @throws TypeError for `allowRemoteAdmin` without an `adminToken`, or an `adminToken` under 16 characters
 * @example
 * ```ts
 * const mock = createMockCerner();
 * const server = mock.app.listen(0, '127.0.0.1');
 * ```
 */
export function createMockCerner(options: MockCernerOptions = {}): MockCerner {
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const defaultClient: RegisteredClient | undefined =
    options.defaultClient === false
      ? undefined
      : {
          clientId: options.defaultClient?.clientId ?? DEFAULT_CLIENT.clientId,
          clientSecret: options.defaultClient?.clientSecret ?? DEFAULT_CLIENT.clientSecret,
          scopes: [...(options.defaultClient?.scopes ?? DEFAULT_CLIENT.scopes)],
          scopeStyle: options.defaultClient?.scopeStyle ?? DEFAULT_CLIENT.scopeStyle,
          name: 'default system client',
        };
  const { accessLog } = options;
  const base: Omit<TenantOptions, 'tenantId' | 'seed' | 'clients'> = {
    now: options.now ?? Date.now,
    logger: guardLogger(options.logger),
    publicUrl: options.publicUrl,
    encounterPageSize: options.encounterPageSize ?? 10,
    // Looked up per call: reading globalThis.fetch loads undici (~10 ms), needed only for a JWKS URL.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    ...(accessLog ? { onLogEntry: (t, e) => accessLog(accessLogLine(t, e)) } : {}),
  };
  const tenant = createTenant({
    ...base,
    tenantId,
    seed: options.seed ?? true,
    clients: [...(defaultClient ? [defaultClient] : []), ...(options.clients ?? [])],
    ...(options.hl7Route ? { hl7Route: options.hl7Route } : {}),
    ...(options.accessTokenKeyPair ? { accessTokenKeyPair: options.accessTokenKeyPair } : {}),
  });
  const tenants = createTenantRegistry(tenant, base);
  const { state } = tenant;
  const guard = adminGuard({
    ...(options.allowRemoteAdmin ? { allowRemoteAdmin: true } : {}),
    ...(options.adminToken !== undefined ? { adminToken: options.adminToken } : {}),
    ...(options.requireAdminToken ? { requireAdminToken: true } : {}),
    ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
  });
  const mock: MockCerner = {
    app: express(),
    state,
    tenantId,
    tenants,
    defaultClient,
    mllpPort: undefined,
    urls: (origin) => {
      const { fhirBaseUrl, tokenUrl } = tenant.urls(origin);
      return { fhirBaseUrl, tokenUrl };
    },
    reset: (o) => {
      tenant.reset(o);
    },
  };

  const { app } = mock;
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  // Where a request enters: the tenant named in the path (else the default tenant) handles it.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const m = TENANT_PATH.exec(req.path);
    (tenants.get(m?.[2] ?? '') ?? tenant).handler(req, res, next);
  });
  app.get('/', (_req: Request, res: Response) => {
    res
      .status(200)
      .type('text/html')
      .set({
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
        'X-Content-Type-Options': 'nosniff',
      })
      .send(landingPage(tenantId));
  });
  app.use(
    '/admin',
    guard,
    createTenantAdminRouter(tenants, {
      publicUrl: options.publicUrl,
      mllpPort: () => mock.mllpPort,
    }),
  );
  // A FHIR path of a tenant this mock does not serve: Cerner's 403.
  app.use('/r4/:tenant', (_req: Request, res: Response) =>
    sendOutcome(res, 403, 'forbidden', 'Tenant not valid or accessible'),
  );
  // Anything else: Cerner's 404 OperationOutcome.
  app.use((_req: Request, res: Response) => sendOutcome(res, 404, 'not-found', 'Not Found'));
  // Last resort: a malformed request must never become an HTML 500.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status =
      typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500;
    if (status >= 400 && status < 500) {
      sendOutcome(res, status, 'invalid', 'Invalid request');
      return;
    }
    state.logger.error('unhandled error', { name: err instanceof Error ? err.name : typeof err });
    sendOutcome(res, 500, 'exception', 'Internal Server Error', { severity: 'fatal' });
  });
  return mock;
}
