// One process of the "token requests per lifetime" benchmark: a createBackendAuth on a shared
// Redis token store. Forked by benchmarks/shared-token.ts; the parent owns the clock.
import { createBackendAuth } from '@cerner-kit/smart-auth';
import { createRedisTokenStore } from '@cerner-kit/token-store-redis';

interface Start {
  type: 'start';
  redisUrl: string;
  encryptionKey: string;
  prefix: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  clockMs: number;
}
type Message = Start | { type: 'tick'; clockMs: number; calls: number } | { type: 'stop' };

let clockMs = 0;
let auth: ReturnType<typeof createBackendAuth> | undefined;
let store: ReturnType<typeof createRedisTokenStore> | undefined;

process.on('message', (m: Message) => {
  void (async () => {
    if (m.type === 'start') {
      clockMs = m.clockMs;
      store = createRedisTokenStore({
        url: m.redisUrl,
        encryptionKey: m.encryptionKey,
        prefix: m.prefix,
        connectTimeoutMs: 15_000,
        commandTimeoutMs: 5_000,
      });
      await store.ready();
      auth = createBackendAuth({
        clientId: m.clientId,
        credentials: { clientSecret: m.clientSecret },
        tokenUrl: m.tokenUrl,
        scopes: m.scopes,
        now: () => clockMs,
        tokenStore: store,
        timeoutMs: 30_000,
        tokenStoreTimeoutMs: 5_000,
      });
    } else if (m.type === 'tick') {
      clockMs = m.clockMs;
      await Promise.all(Array.from({ length: m.calls }, () => auth!.getToken()));
    } else {
      await store?.close();
      process.send!({ ok: true });
      process.disconnect();
      return;
    }
    process.send!({ ok: true });
  })().catch((e: unknown) =>
    process.send!({ ok: false, error: e instanceof Error ? e.name : 'error' }),
  );
});
