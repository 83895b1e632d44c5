import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadStructureValidator } from './fhir/validate-structure.js';
import { hostTokenPath, SANDBOX_FHIR_HOST } from './config.js';
import { createMockCerner, type MockCerner, type MockCernerOptions } from './create-mock-cerner.js';
import { isLoopback } from './admin/admin-guard.js';
import { createHl7Listener } from './hl7/hl7-listener.js';
import { routeHl7ByReceiver } from './state/hl7-routing.js';
import { answerConnectWith405 } from './http/connect-method.js';
import type { Hl7ResponderOptions } from './hl7/reply-options.js';
import { unsupportedNodeVersion } from './node-version.js';

/**
 * Options of {@link startMockCerner}: the mock's options plus where to listen.
 * @example
 * ```ts
 * await startMockCerner({ port: 0, mllpPort: 0, host: '127.0.0.1', tenantId: 'my-tenant' });
 * ```
 */
export interface StartMockCernerOptions extends MockCernerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /**
   * Load the FHIR structure validator in the background shortly after listening
   * ({@link PRELOAD_DELAY_MS}), so the first write is fast (default false: the first write loads
   * it). The files are read asynchronously and indexed in chunks, so requests are answered
   * meanwhile; the delay keeps its synchronous start (importing `@medplum/core`, ~30 ms) off the
   * first answers. A write before then loads it at once. The `mock-cerner` bin preloads.
   */
  preloadValidator?: boolean;
  /**
   * Start the HL7 MLLP listener on this port (0 = any free port), on the same `host`; `false` or
   * absent: no listener. The `mock-cerner` bin listens on 2575 by default.
   */
  mllpPort?: number | false;
  /** How the MLLP listener answers (A19 not-found style, reply ids). */
  hl7?: Hl7ResponderOptions;
}

/**
 * A client as printed at start: its credentials are sandbox fixtures.
 * @example
 * ```ts
 * const { clientId, clientSecret }: StartupClient = running.clients[0]!;
 * ```
 */
export interface StartupClient {
  clientId: string;
  /** Absent for key-based (private_key_jwt) clients. */
  clientSecret?: string;
  scopes: string[];
}

/**
 * The line `mock-cerner --json` prints, in this key order. Other entry points (an MLLP listener)
 * add their fields here.
 * @example
 * ```ts
 * process.stdout.write(`${JSON.stringify(running.describe() satisfies StartupInfo)}\n`);
 * ```
 */
export interface StartupInfo {
  fhirBaseUrl: string;
  tokenUrl: string;
  tenantId: string;
  clients: StartupClient[];
  adminUrl: string;
  inspectorUrl: string;
  /** The MLLP listener's port, when one was started. */
  mllpPort?: number;
}

/**
 * A listening mock.
 * @example
 * ```ts
 * const running: RunningMockCerner = await startMockCerner({ port: 0 });
 * await running.close();
 * ```
 */
export interface RunningMockCerner {
  readonly mock: MockCerner;
  readonly server: Server;
  /** e.g. `http://127.0.0.1:41233` (or the `publicUrl`). */
  readonly origin: string;
  readonly port: number;
  /** The interface the HTTP (and MLLP) server is bound to. */
  readonly host: string;
  readonly fhirBaseUrl: string;
  /** The documented token URL form (`/tenants/{tenant}/protocols/oauth2/profiles/smart-v1/token`). */
  readonly tokenUrl: string;
  /** The `/hosts/{fhir-host}/` form, as advertised by discovery. */
  readonly hostTokenUrl: string;
  readonly adminUrl: string;
  readonly inspectorUrl: string;
  readonly tenantId: string;
  /** The MLLP listener's port, when one was started (`mllpPort` option). */
  readonly mllpPort: number | undefined;
  /** The default client and any registered at start, with their credentials (sandbox fixtures). */
  readonly clients: StartupClient[];
  /** What `mock-cerner --json` prints. */
  describe(): StartupInfo;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** How long after listening the validator preload starts (`preloadValidator`). */
export const PRELOAD_DELAY_MS = 200;

/**
 * Creates the mock and listens on `host:port` (default 127.0.0.1, any free port). Used by the
 * `mock-cerner` bin, the CLI and in-process tests.
 *
 * @param options - the mock's options plus `port`, `host`, `preloadValidator`, `mllpPort`, `hl7`
 * @returns the running mock, its URLs and `close()`
 * @throws the listen error (e.g. `EADDRINUSE`); an Error naming both versions on a Node older than 22.18
 * @example
 * ```ts
 * const running = await startMockCerner({ port: 0 });
 * console.log(running.fhirBaseUrl, running.tokenUrl);
 * await running.close();
 * ```
 */
export async function startMockCerner(
  options: StartMockCernerOptions = {},
): Promise<RunningMockCerner> {
  // On an older Node the mock would start, then answer its first write with an unexplained 500
  // (`WebSocket is not defined` inside @medplum/core): refuse up front, as the bins do.
  const tooOld = unsupportedNodeVersion();
  if (tooOld) throw new Error(`@cerner-kit/mock-cerner ${tooOld}`);
  const host = options.host ?? '127.0.0.1';
  // Bound beyond loopback (e.g. 0.0.0.0): the admin API answers only with the admin token.
  const exposed = !(host === 'localhost' || isLoopback(host));
  const mock = createMockCerner({
    ...options,
    ...(exposed ? { requireAdminToken: true } : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = mock.app.listen(options.port ?? 0, host, (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
    s.once('error', reject);
  });
  server.keepAliveTimeout = 5_000;
  answerConnectWith405(server);
  // A failed preload is retried by the first write, which reports it as Cerner's 500.
  let preload: NodeJS.Timeout | undefined;
  if (options.preloadValidator === true) {
    preload = setTimeout(() => {
      loadStructureValidator().catch((e: unknown) =>
        mock.state.logger.warn('mock-cerner: structure validator preload failed', {
          name: e instanceof Error ? e.name : typeof e,
        }),
      );
    }, PRELOAD_DELAY_MS);
    preload.unref();
  }
  const { port } = server.address() as AddressInfo;
  // A wildcard bind is reached through loopback.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const origin =
    options.publicUrl?.replace(/\/$/, '') ??
    `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  const { fhirBaseUrl, tokenUrl } = mock.urls(origin);
  const adminUrl = `${origin}/admin`;
  let mllpPort: number | undefined;
  let closeMllp = (): Promise<void> => Promise.resolve();
  if (options.mllpPort !== undefined && options.mllpPort !== false) {
    const listener = createHl7Listener(mock.state, {
      ...options.hl7,
      host,
      port: options.mllpPort,
      // Each message goes to the tenant its MSH-5/MSH-6 names (default tenant otherwise).
      route: routeHl7ByReceiver(mock.tenants),
    });
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
    mock.mllpPort = mllpPort;
  }
  const clients: StartupClient[] = mock.state.clients.list().map((c) => ({
    clientId: c.clientId,
    ...(c.clientSecret !== undefined ? { clientSecret: c.clientSecret } : {}),
    scopes: [...c.scopes],
  }));
  return {
    mock,
    server,
    origin,
    port,
    host,
    fhirBaseUrl,
    tokenUrl,
    hostTokenUrl: `${origin}${hostTokenPath(mock.tenantId, SANDBOX_FHIR_HOST)}`,
    adminUrl,
    inspectorUrl: `${adminUrl}/inspector`,
    tenantId: mock.tenantId,
    mllpPort,
    clients,
    describe: () => ({
      fhirBaseUrl,
      tokenUrl,
      tenantId: mock.tenantId,
      clients,
      adminUrl,
      inspectorUrl: `${adminUrl}/inspector`,
      ...(mllpPort !== undefined ? { mllpPort } : {}),
    }),
    close: async () => {
      clearTimeout(preload);
      await closeMllp();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
