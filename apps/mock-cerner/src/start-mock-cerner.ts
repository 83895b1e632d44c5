import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadStructureValidator } from './fhir/validate-structure.js';
import { createMockCerner, type MockCerner, type MockCernerOptions } from './create-mock-cerner.js';
import { createHl7Listener } from './hl7/hl7-listener.js';
import type { Hl7ResponderOptions } from './hl7/reply-options.js';

/** Options of {@link startMockCerner}: the mock's options plus where to listen. */
export interface StartMockCernerOptions extends MockCernerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Load the FHIR structure validator in the background now, so the first write is fast (default true). */
  preloadValidator?: boolean;
  /**
   * Start the HL7 MLLP listener on this port (0 = any free port), on the same `host`; `false` or
   * absent: no listener. The `mock-cerner` bin listens on 2575 by default.
   */
  mllpPort?: number | false;
  /** How the MLLP listener answers (A19 not-found style, reply ids). */
  hl7?: Hl7ResponderOptions;
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
  /** The MLLP listener's port, when one was started (`mllpPort` option). */
  readonly mllpPort: number | undefined;
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
  let mllpPort: number | undefined;
  let closeMllp = (): Promise<void> => Promise.resolve();
  if (options.mllpPort !== undefined && options.mllpPort !== false) {
    const listener = createHl7Listener(mock.state, { ...options.hl7, host, port: options.mllpPort });
    try {
      mllpPort = (await listener.listen()).port;
    } catch (e) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      throw e;
    }
    closeMllp = () => listener.close();
  }
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
    mllpPort,
    clients,
    describe: () => ({ fhirBaseUrl, tokenUrl, tenantId: mock.tenantId, clients, adminUrl: `${origin}/admin`, ...(mllpPort !== undefined ? { mllpPort } : {}) }),
    close: async () => {
      await closeMllp();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
