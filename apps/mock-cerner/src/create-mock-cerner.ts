import { guardLogger } from '@cerner-kit/core';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { CryptoKey } from 'jose';
import type { RegisteredClient } from './auth/client-registry.js';
import { createAdminRouter } from './admin/admin-router.js';
import { DEFAULT_CLIENT, DEFAULT_TENANT_ID } from './config.js';
import { sendOutcome } from './http/operation-outcome.js';
import type { Logger } from './state/logger.js';
import type { MockState } from './state/mock-state.js';
import { createTenant } from './state/tenant.js';

/** Options of {@link createMockCerner}. Every field is optional. */
export interface MockCernerOptions {
  /** Tenant id in every URL. Default: Cerner's public sandbox tenant. */
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
  /** Let non-loopback peers use `/admin` (default false). */
  allowRemoteAdmin?: boolean;
  /**
   * The ES256 key pair that signs access tokens (default: a fresh one per mock). Lets tests sign
   * tokens the mock would never issue and check that the FHIR side refuses them.
   */
  accessTokenKeyPair?: { privateKey: CryptoKey; publicKey: CryptoKey };
}

/** What {@link createMockCerner} returns: the Express app (no listen) and its state. */
export interface MockCerner {
  readonly app: Express;
  readonly state: MockState;
  readonly tenantId: string;
  /** The default client's credentials, or undefined when disabled. */
  readonly defaultClient: RegisteredClient | undefined;
  /** Absolute URLs on an origin such as `http://127.0.0.1:8080`. */
  urls(origin: string): { fhirBaseUrl: string; tokenUrl: string };
  /** Clients, store, faults and request log back to their start state. */
  reset(): void;
}

/**
 * Creates an in-process Cerner sandbox: token issuer, FHIR R4 endpoints, admin API.
 *
 * @param options - see {@link MockCernerOptions}
 * @returns the app and its state, for supertest or `app.listen(0, '127.0.0.1')`
 * @example
 * ```ts
 * const mock = createMockCerner();
 * const server = mock.app.listen(0, '127.0.0.1');
 * ```
 */
export function createMockCerner(options: MockCernerOptions = {}): MockCerner {
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const now = options.now ?? Date.now;
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
  const tenant = createTenant({
    tenantId,
    now,
    logger: guardLogger(options.logger),
    publicUrl: options.publicUrl,
    seed: options.seed ?? true,
    clients: [...(defaultClient ? [defaultClient] : []), ...(options.clients ?? [])],
    encounterPageSize: options.encounterPageSize ?? 10,
    // Looked up per call: reading globalThis.fetch loads undici (~10 ms), needed only for a JWKS URL.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    ...(options.accessTokenKeyPair ? { accessTokenKeyPair: options.accessTokenKeyPair } : {}),
  });
  const { state } = tenant;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  app.use(tenant.handler);
  app.use(
    '/admin',
    createAdminRouter(tenant, { allowRemoteAdmin: options.allowRemoteAdmin ?? false }),
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

  return {
    app,
    state,
    tenantId,
    defaultClient,
    urls: (origin) => tenant.urls(origin),
    reset: () => tenant.reset(),
  };
}
