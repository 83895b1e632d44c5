import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadStructureValidator } from './fhir/validate-structure.js';
import { createMockCerner, type MockCerner, type MockCernerOptions } from './create-mock-cerner.js';

/** Options of {@link startMockCerner}: the mock's options plus where to listen. */
export interface StartMockCernerOptions extends MockCernerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Load the FHIR structure validator in the background now, so the first write is fast (default true). */
  preloadValidator?: boolean;
}

/** A listening mock. */
export interface RunningMockCerner {
  readonly mock: MockCerner;
  readonly server: Server;
  readonly origin: string;
  readonly fhirBaseUrl: string;
  readonly tokenUrl: string;
  readonly adminUrl: string;
  readonly tenantId: string;
  /** The default client and any registered at start, with their credentials (sandbox fixtures). */
  readonly clients: { clientId: string; clientSecret?: string; scopes: string[] }[];
  /** The line `mock-cerner --json` prints. */
  describe(): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Creates the mock and listens on `host:port`.
 *
 * @example
 * ```ts
 * const running = await startMockCerner({ port: 0 });
 * console.log(running.fhirBaseUrl, running.tokenUrl);
 * await running.close();
 * ```
 */
export async function startMockCerner(options: StartMockCernerOptions = {}): Promise<RunningMockCerner> {
  const host = options.host ?? '127.0.0.1';
  const mock = createMockCerner(options);
  if (options.preloadValidator ?? true) void loadStructureValidator();
  const server = await new Promise<Server>((resolve, reject) => {
    const s = mock.app.listen(options.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const origin = options.publicUrl?.replace(/\/$/, '') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const { fhirBaseUrl, tokenUrl } = mock.urls(origin);
  const clients = mock.state.clients.list().map((c) => ({
    clientId: c.clientId,
    ...(c.clientSecret !== undefined ? { clientSecret: c.clientSecret } : {}),
    scopes: [...c.scopes],
  }));
  return {
    mock,
    server,
    origin,
    fhirBaseUrl,
    tokenUrl,
    adminUrl: `${origin}/admin`,
    tenantId: mock.tenantId,
    clients,
    describe: () => ({ fhirBaseUrl, tokenUrl, tenantId: mock.tenantId, clients, adminUrl: `${origin}/admin` }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
