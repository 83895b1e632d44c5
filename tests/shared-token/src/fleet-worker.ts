// One "process" of the fleet: a createBackendAuth + createCernerClient sharing Redis with the
// others. Run by the acceptance suite with child_process.fork (Node strips the types); it loads
// the packages' built dist/. The parent drives it over IPC and owns the clock.
import { createCernerClient } from '@cerner-kit/fhir-r4-actions';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import { createRedisTokenStore } from '@cerner-kit/token-store-redis';
import type { FleetReply, FleetRequest } from './fleet-protocol.js';

const send = (m: FleetReply): void => {
  process.send!(m);
};

let clockMs = 0;
let tokenRequests = 0;
let unauthorized = 0;
/** The token the FHIR client sent last (its scope set may differ from the auth's default). */
let lastBearer = '';
let setup: Extract<FleetRequest, { type: 'start' }> | undefined;
let store: ReturnType<typeof createRedisTokenStore> | undefined;
let client: ReturnType<typeof createCernerClient> | undefined;
let auth: ReturnType<typeof createBackendAuth> | undefined;
const warnings: string[] = [];

const counting: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url === setup!.tokenUrl) tokenRequests += 1;
  else {
    const bearer = new Headers(init?.headers).get('authorization');
    if (bearer?.startsWith('Bearer ')) lastBearer = bearer.slice('Bearer '.length);
  }
  const res = await fetch(input, init);
  if (res.status === 401 && url !== setup!.tokenUrl) unauthorized += 1;
  return res;
};

process.on('message', (m: FleetRequest) => {
  void handle(m).catch((e: unknown) => {
    send({
      type: 'error',
      id: 'id' in m ? m.id : -1,
      message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    });
  });
});

async function handle(m: FleetRequest): Promise<void> {
  if (m.type === 'start') {
    setup = m;
    clockMs = m.clockMs;
    await store?.close(); // started again: a new Redis, prefix and client
    store = createRedisTokenStore({
      url: m.redisUrl,
      encryptionKey: m.encryptionKey,
      prefix: m.prefix,
      maxReconnectDelayMs: 50,
      // Eight processes start at once on a shared 2-core machine: be patient at start only.
      connectTimeoutMs: 15_000,
      commandTimeoutMs: 5_000, // this suite counts requests; a slow machine must not look like an outage
    });
    await store.ready();
    auth = createBackendAuth({
      clientId: m.clientId,
      credentials: { clientSecret: m.clientSecret },
      tokenUrl: m.tokenUrl,
      scopes: ['system/Patient.read'],
      fetch: counting,
      now: () => clockMs,
      tokenStore: store,
      tokenStoreTimeoutMs: 5_000,
      timeoutMs: 30_000, // a loaded CI machine: a slow answer is not what this suite tests
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (msg) => warnings.push(msg),
        error: (msg) => warnings.push(msg),
      },
    });
    client = createCernerClient({ fhirBaseUrl: m.fhirBaseUrl, auth, fetch: counting });
    send({ type: 'ok', id: m.id });
    return;
  }
  if (m.type === 'clock') {
    clockMs = m.ms;
    send({ type: 'ok', id: m.id });
    return;
  }
  if (m.type === 'token') {
    send({ type: 'token', id: m.id, accessToken: lastBearer });
    return;
  }
  if (m.type === 'store-ready') {
    // After Redis restarts: wait (bounded) until this process's connection answers again.
    for (let i = 0; i < 400; i++) {
      if (
        await store!.get('probe').then(
          () => true,
          () => false,
        )
      ) {
        send({ type: 'ok', id: m.id });
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the token store did not come back');
  }
  if (m.type === 'run') {
    const before = { tokenRequests, unauthorized };
    const results = await Promise.allSettled(
      Array.from({ length: m.calls }, () => client!.getPatient({ patientId: m.patientId })),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    send({
      type: 'ran',
      id: m.id,
      ok: results.length - failures.length,
      failed: failures.length,
      failureCodes: [
        ...new Set(failures.map((f) => String((f.reason as { code?: unknown }).code))),
      ],
      tokenRequests: tokenRequests - before.tokenRequests,
      unauthorized: unauthorized - before.unauthorized,
      warnings: warnings.splice(0),
    });
    return;
  }
  if (m.type === 'stop') {
    await store?.close();
    send({ type: 'ok', id: m.id });
    process.disconnect();
  }
}
