import { createBackendAuth, type BackendAuth } from '@cerner-kit/smart-auth';
import { createCernerClient, type CernerClient } from '@cerner-kit/fhir-r4-actions';
import {
  DEFAULT_CLIENT,
  startMockCerner,
  type RunningMockCerner,
  type StartMockCernerOptions,
} from '@cerner-kit/mock-cerner';

/** Scopes the benchmarks ask for. */
export const BENCH_SCOPES = ['system/Patient.read', 'system/Encounter.read'] as const;

/** An in-process mock with a client and a warm token. */
export interface MockFixture {
  running: RunningMockCerner;
  auth: BackendAuth;
  client: CernerClient;
  /** A valid access token for {@link BENCH_SCOPES}. */
  accessToken: string;
  close(): Promise<void>;
}

/**
 * Creates a backend auth for the mock's default client (client_secret_basic).
 *
 * @param running - the mock
 * @param fetchFn - the fetch to use (default: the global fetch)
 * @returns the auth
 */
export function mockAuth(running: RunningMockCerner, fetchFn?: typeof fetch): BackendAuth {
  return createBackendAuth({
    clientId: DEFAULT_CLIENT.clientId,
    credentials: { clientSecret: DEFAULT_CLIENT.clientSecret },
    tokenUrl: running.tokenUrl,
    scopes: [...BENCH_SCOPES],
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
}

/**
 * Starts the mock on a free loopback port with a client and a token.
 *
 * @param options - mock options (seed, page size…)
 * @returns the fixture; call `close()`
 */
export async function startMockFixture(options: StartMockCernerOptions = {}): Promise<MockFixture> {
  const running = await startMockCerner({ port: 0, ...options });
  const auth = mockAuth(running);
  const client = createCernerClient({
    fhirBaseUrl: running.fhirBaseUrl,
    auth,
    scopes: [...BENCH_SCOPES],
  });
  const { accessToken } = await auth.getToken();
  return { running, auth, client, accessToken, close: () => running.close() };
}
