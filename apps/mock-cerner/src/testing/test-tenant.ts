/**
 * The runner-agnostic half of `@cerner-kit/mock-cerner/testing`: a tenant of its own on a shared
 * mock, over the mock's admin API (so it works against a mock in another process). No test-runner
 * import: vitest, node:test, jest and mocha all call these from their hooks.
 */

/** A client of a test tenant, with its credentials (sandbox fixtures). */
export interface TestTenantClient {
  clientId: string;
  clientSecret?: string;
  scopes: string[];
}

/** One journal entry: an HTTP request or an HL7 message, with its position in the tenant's log. */
export interface JournalEntry {
  seq: number;
  protocol: 'http' | 'mllp';
  at: string;
  /** HTTP only. */
  method?: string;
  /** HTTP only: the path with its query (credentials redacted). */
  path?: string;
  /** HTTP status (0: no response). */
  status?: number;
  clientId?: string;
  traceId?: string;
  correlationId?: string;
  /** MLLP only: `TYPE^EVENT`. */
  messageType?: string;
  /** MLLP only: MSH-10. */
  controlId?: string;
  /** MLLP only: the MSA-1 answered. */
  ack?: string;
  fault?: string;
  [field: string]: unknown;
}

/** What {@link TestTenant.journal} selects; every field optional, all given ones must match. */
export interface JournalQuery {
  /** Only what happened after this mark (`await tenant.mark()`). */
  since?: number;
  /** HTTP: the `X-Correlation-Id` sent; HL7: MSH-10 equal to it. */
  correlationId?: string;
  /** HTTP: the trace id of the W3C `traceparent` sent. */
  traceId?: string;
  protocol?: 'http' | 'mllp';
  method?: string;
  /** A substring of the logged path. */
  path?: string;
}

/** Options of {@link createTestTenant}. */
export interface TestTenantOptions {
  /** The shared mock's origin; default `process.env.MOCK_CERNER_URL` (set by `startSharedMock`). */
  url?: string;
  /** The admin token, when the mock was started with one (default `MOCK_CERNER_ADMIN_TOKEN`). */
  adminToken?: string;
  /** Tenant id; default a new UUID. */
  tenantId?: string;
  /** `sandbox` (default): Cerner's sandbox data; `empty`: none. */
  seed?: 'sandbox' | 'empty';
  /** A FHIR Bundle loaded after the seed, part of the tenant's start state (reset keeps it). */
  bundle?: unknown;
  /** Client registrations (`POST /admin/clients` bodies); default one system client. */
  clients?: unknown[];
  /** HL7 messages for this tenant: MSH-5 and/or MSH-6 (MSH-6 equal to the tenant id always works). */
  hl7?: { receivingApplication?: string; receivingFacility?: string };
  /** Used for the admin calls. */
  fetch?: typeof fetch;
}

/** A tenant of its own on a shared mock (see {@link createTestTenant}). */
export interface TestTenant {
  readonly tenantId: string;
  readonly fhirBaseUrl: string;
  readonly tokenUrl: string;
  /** This tenant's admin API, e.g. `http://127.0.0.1:8080/admin/tenants/{id}`. */
  readonly adminUrl: string;
  readonly inspectorUrl: string;
  readonly mllpPort: number | undefined;
  readonly clients: readonly TestTenantClient[];
  /** The first client (the default system client unless `clients` was given). */
  readonly client: TestTenantClient;
  /** Back to the start state (seed, bundle, clients; no faults, empty log); `revokeTokens` too. */
  reset(options?: { revokeTokens?: boolean }): Promise<void>;
  /** Saves the store and clients; resolves to the snapshot id. */
  snapshot(): Promise<string>;
  /** Brings a snapshot of this tenant back. */
  restore(snapshotId: string): Promise<void>;
  /** Loads a FHIR Bundle (collection, transaction or batch) into this tenant. */
  load(bundle: unknown): Promise<void>;
  /** Replaces this tenant's fault rules (`PUT /admin/faults`). */
  setFaults(rules: unknown[]): Promise<void>;
  /** A mark for `journal({ since })`: what happens after it is what a test caused. */
  mark(): Promise<number>;
  /** This tenant's requests and HL7 messages that match, oldest first. */
  journal(query?: JournalQuery): Promise<JournalEntry[]>;
  /** Deletes the tenant (its store, clients, log; further requests get Cerner's 403). */
  delete(): Promise<void>;
}

/** A refused admin call: status and the mock's `error_description`. */
export class MockAdminError extends Error {
  override readonly name = 'MockAdminError';
  readonly status: number;
  /**
   * @param status - HTTP status
   * @param message - what the mock said
   */
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Creates a tenant of its own on a shared mock: seeded (Cerner's sandbox ids unless `seed:
 * 'empty'`), with a system client whose secret is new, and answers its URLs and credentials.
 * Delete it when done (`useTestTenant` does); a tenant costs a few milliseconds to create.
 *
 * @param options - see {@link TestTenantOptions}
 * @returns the tenant
 * @throws MockAdminError when the mock refuses (status and reason); TypeError without a URL
 * @example
 * ```ts
 * const tenant = await createTestTenant({ url: 'http://127.0.0.1:8080' });
 * const auth = createBackendAuth({ clientId: tenant.client.clientId,
 *   credentials: { clientSecret: tenant.client.clientSecret! }, tokenUrl: tenant.tokenUrl });
 * await tenant.delete();
 * ```
 */
export async function createTestTenant(options: TestTenantOptions = {}): Promise<TestTenant> {
  const origin = (options.url ?? process.env.MOCK_CERNER_URL)?.replace(/\/$/, '');
  if (!origin) {
    throw new TypeError('url: the shared mock origin (or MOCK_CERNER_URL from startSharedMock)');
  }
  const doFetch = options.fetch ?? fetch;
  const token = options.adminToken ?? process.env.MOCK_CERNER_ADMIN_TOKEN;
  const call = async (method: string, url: string, body?: unknown): Promise<unknown> => {
    const res = await doFetch(url, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) {
      let reason = `HTTP ${res.status}`;
      try {
        reason = String((JSON.parse(text) as { error_description?: unknown }).error_description);
      } catch {
        // not JSON: keep the status
      }
      throw new MockAdminError(res.status, `${method} ${new URL(url).pathname}: ${reason}`);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const spec = {
    ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.bundle !== undefined ? { bundle: options.bundle } : {}),
    ...(options.clients !== undefined ? { clients: options.clients } : {}),
    ...(options.hl7 !== undefined ? { hl7: options.hl7 } : {}),
  };
  const made = (await call('POST', `${origin}/admin/tenants`, spec)) as {
    tenantId: string;
    fhirBaseUrl: string;
    tokenUrl: string;
    adminUrl: string;
    inspectorUrl: string;
    mllpPort?: number;
    clients: TestTenantClient[];
  };
  const admin = made.adminUrl;
  return {
    tenantId: made.tenantId,
    fhirBaseUrl: made.fhirBaseUrl,
    tokenUrl: made.tokenUrl,
    adminUrl: admin,
    inspectorUrl: made.inspectorUrl,
    mllpPort: made.mllpPort,
    clients: made.clients,
    client: made.clients[0] ?? { clientId: '', scopes: [] },
    reset: async (o = {}) => {
      await call('POST', `${admin}/reset`, o.revokeTokens ? { revokeTokens: true } : undefined);
    },
    snapshot: async () => ((await call('POST', `${admin}/snapshots`)) as { id: string }).id,
    restore: async (id) => {
      await call('POST', `${admin}/snapshots/${encodeURIComponent(id)}/restore`);
    },
    load: async (bundle) => {
      await call('POST', `${admin}/load`, bundle);
    },
    setFaults: async (rules) => {
      await call('PUT', `${admin}/faults`, { rules });
    },
    mark: async () => ((await call('GET', `${admin}/journal/mark`)) as { next: number }).next,
    journal: async (query = {}) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
      const url = `${admin}/journal${q.size > 0 ? `?${q}` : ''}`;
      return ((await call('GET', url)) as { entries: JournalEntry[] }).entries;
    },
    delete: async () => {
      await call('DELETE', admin);
    },
  };
}
