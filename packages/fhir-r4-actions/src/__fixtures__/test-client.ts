import type { Logger } from '@cerner-kit/smart-auth';
import {
  createCernerClient,
  type CernerClient,
  type CernerClientOptions,
} from '../create-cerner-client.js';
import { FhirHttpClient, type FhirHttpClientOptions } from '../http/fhir-http-client.js';
import { BASE } from './cerner-payloads.js';
import { fakeAuth, type FakeAuth } from './fake-auth.js';

/** The fixed clock of the tests. */
export const NOW = Date.parse('2026-11-25T10:00:00.000Z');

export interface LogLine {
  level: keyof Logger;
  msg: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that records every call. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: keyof Logger) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, msg, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TestClient {
  client: CernerClient;
  auth: FakeAuth;
  sleeps: number[];
  logger: ReturnType<typeof recordingLogger>;
}

/** A client against {@link BASE} with a fake auth, recorded sleeps and logs, and a fixed clock. */
export function testClient(
  fetch: typeof globalThis.fetch,
  extra: Partial<CernerClientOptions> & { granted?: readonly string[] } = {},
): TestClient {
  const { granted, ...options } = extra;
  const sleeps: number[] = [];
  const auth = (options.auth as FakeAuth | undefined) ?? fakeAuth(granted);
  const logger = recordingLogger();
  const client = createCernerClient({
    fhirBaseUrl: BASE,
    fetch,
    logger,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => NOW,
    ...options,
    auth,
  });
  return { client, auth, sleeps, logger };
}

/** The HTTP layer alone, with the same fakes. */
export function testHttp(
  fetch: typeof globalThis.fetch,
  extra: Partial<FhirHttpClientOptions> = {},
): {
  http: FhirHttpClient;
  auth: FakeAuth;
  sleeps: number[];
  logger: ReturnType<typeof recordingLogger>;
} {
  const sleeps: number[] = [];
  const auth = (extra.auth as FakeAuth | undefined) ?? fakeAuth();
  const logger = recordingLogger();
  const http = new FhirHttpClient({
    baseUrl: BASE,
    scopes: ['system/Patient.read', 'system/Patient.write'],
    fetch,
    timeoutMs: 5_000,
    retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 10_000 },
    logger,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => NOW,
    random: () => 0.5,
    ...extra,
    auth,
  });
  return { http, auth, sleeps, logger };
}
