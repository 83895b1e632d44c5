import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import type { AccessToken, StoredToken, TokenStore, TokenStoreLock } from '@cerner-kit/smart-auth';
import { invalidOption, RedisTokenStoreError } from './errors.js';
import { createTokenCipher, type EncryptionKeyInput } from './token-cipher.js';

/**
 * Options of {@link createRedisTokenStore}.
 *
 * @example
 * ```ts
 * const options: RedisTokenStoreOptions = {
 *   url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
 *   encryptionKey: process.env.TOKEN_STORE_KEY!, // openssl rand -base64 32
 * };
 * ```
 */
export interface RedisTokenStoreOptions {
  /** `redis://` or `rediss://` (TLS) URL, with user and password if the server needs them. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** The AES-256-GCM key: 32 bytes, 64 hex digits or base64. The same in every process. */
  encryptionKey: EncryptionKeyInput;
  /** Id of `encryptionKey`, stored beside each value; default derived from the key (HMAC, not reversible). */
  keyId?: string;
  /** Older keys that may still open values during a rotation (new values use `encryptionKey`). */
  previousKeys?: readonly { keyId?: string; key: EncryptionKeyInput }[];
  /** Prefix of every key this store writes; default `ck:tok:v1:`. */
  prefix?: string;
  /** Per Redis command, ms; default 250. `createBackendAuth`'s `tokenStoreTimeoutMs` bounds each store call too. */
  commandTimeoutMs?: number;
  /** Connect timeout, ms; default 1,000. */
  connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts while Redis is down, ms; default 1,000. */
  maxReconnectDelayMs?: number;
}

/**
 * A {@link TokenStore} on Redis, plus its lifecycle.
 *
 * @example
 * ```ts
 * const tokenStore: RedisTokenStore = createRedisTokenStore({ url, encryptionKey });
 * await tokenStore.ready();
 * ```
 */
export interface RedisTokenStore extends TokenStore {
  /**
   * Resolves once Redis answered and the encryption key is the one the store's other users
   * have (a canary value, written by the first process and opened by the others).
   * @throws {@link RedisTokenStoreError} `wrong_encryption_key` (a configuration error: stop),
   *   `unavailable` (Redis did not answer within the connect timeout; the store keeps
   *   reconnecting, and `createBackendAuth` works without it meanwhile)
   */
  ready(): Promise<void>;
  /** Closes the connection (pending commands settle first). */
  close(): Promise<void>;
  /** The key prefix in use. */
  readonly prefix: string;
  /** The id of the current encryption key (not secret). */
  readonly keyId: string;
}

const OPTION_KEYS = new Set([
  'url',
  'encryptionKey',
  'keyId',
  'previousKeys',
  'prefix',
  'commandTimeoutMs',
  'connectTimeoutMs',
  'maxReconnectDelayMs',
]);

/** Deletes KEYS[1] only while it holds ARGV[1] (the redis.io single-instance lock release). */
const COMPARE_AND_DELETE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const CANARY_TEXT = 'cerner-kit token store canary v1';
/** The canary outlives any token by far, and expires when nobody uses the prefix any more. */
const CANARY_TTL = { type: 'PX', value: 30 * 24 * 3600 * 1000 } as const;

function checkMs(o: RedisTokenStoreOptions, field: keyof RedisTokenStoreOptions): void {
  const v = o[field];
  if (v !== undefined && !(typeof v === 'number' && v >= 1 && v <= 2_147_483_647)) {
    invalidOption(field, 'must be a number of ms between 1 and 2147483647');
  }
}

function validate(o: RedisTokenStoreOptions): void {
  if (typeof o !== 'object' || o === null) invalidOption('options', 'expected an object');
  for (const k of Object.keys(o)) {
    if (!OPTION_KEYS.has(k))
      {invalidOption(k, `unknown option (expected ${[...OPTION_KEYS].join(', ')})`);}
  }
  if (o.url !== undefined) {
    const u = typeof o.url === 'string' ? URL.parse(o.url) : null;
    if (u === null || (u.protocol !== 'redis:' && u.protocol !== 'rediss:')) {
      invalidOption('url', 'must be a redis:// or rediss:// URL');
    }
  }
  if (o.prefix !== undefined && (typeof o.prefix !== 'string' || o.prefix === '')) {
    invalidOption('prefix', 'must be a non-empty string');
  }
  checkMs(o, 'commandTimeoutMs');
  checkMs(o, 'connectTimeoutMs');
  checkMs(o, 'maxReconnectDelayMs');
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** The stored JSON back into a frozen token, or a `bad_value` error. */
function toStoredToken(json: string): StoredToken {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    v = undefined;
  }
  const o = v as { t?: Record<string, unknown>; r?: unknown } | undefined;
  const t = o?.t;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.r !== 'number' ||
    typeof t !== 'object' ||
    t === null ||
    typeof t.accessToken !== 'string' ||
    typeof t.tokenType !== 'string' ||
    typeof t.expiresAt !== 'number' ||
    !isStringArray(t.scopes) ||
    !isStringArray(t.requestedScopes) ||
    !isStringArray(t.droppedScopes)
  ) {
    throw new RedisTokenStoreError('bad_value', 'a stored value is not a token');
  }
  const token: AccessToken = Object.freeze({
    accessToken: t.accessToken,
    tokenType: t.tokenType,
    expiresAt: t.expiresAt,
    scopes: Object.freeze([...t.scopes]) as string[],
    requestedScopes: Object.freeze([...t.requestedScopes]) as string[],
    droppedScopes: Object.freeze([...t.droppedScopes]) as string[],
  });
  return Object.freeze({ token, refreshAt: o.r });
}

/**
 * Creates a shared, encrypted {@link TokenStore} on Redis (node-redis): give it to
 * `createBackendAuth({ tokenStore })` in every process, and the fleet makes one token request
 * per token lifetime.
 *
 * - Keys: `{prefix}{tokenStoreKey}` (a SHA-256 of token URL, client id and scope set), the lock at
 *   `…:lock`, and `{prefix}canary`. No key holds a secret, a token or a client id in clear.
 * - Values: AES-256-GCM envelopes `{v, kid, iv, tag, ct}` with the Redis key as additional
 *   authenticated data; TTL = the token's refresh time (its `expires_in` minus the early-refresh
 *   margin). Only the access token and its metadata are stored, never the client's credentials.
 * - Lock: `SET lock <random> NX PX <ttl>`, released by compare-and-delete (Lua), so only its
 *   holder frees it. `delete(key, token)` is a compare-and-delete too.
 * - Outage: commands fail fast while disconnected (no offline queue) and time out after
 *   `commandTimeoutMs`; the client reconnects in the background. Every failure is a
 *   {@link RedisTokenStoreError}, which `createBackendAuth` turns into "fetch our own token".
 *
 * The connection starts at once; call {@link RedisTokenStore.ready} at start to learn about a
 * wrong encryption key before the first request.
 *
 * @param options - see {@link RedisTokenStoreOptions}
 * @returns the store
 * @throws {@link RedisTokenStoreError} `invalid_options` naming the field, before connecting
 * @example
 * ```ts
 * import { createBackendAuth } from '@cerner-kit/smart-auth';
 * import { createRedisTokenStore } from '@cerner-kit/token-store-redis';
 *
 * const tokenStore = createRedisTokenStore({ url: 'redis://127.0.0.1:6379', encryptionKey: process.env.TOKEN_STORE_KEY! });
 * await tokenStore.ready(); // wrong key: RedisTokenStoreError 'wrong_encryption_key'
 * const auth = createBackendAuth({ clientId, credentials, tokenUrl, tokenStore });
 * ```
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  validate(options);
  const cipher = createTokenCipher(options);
  const prefix = options.prefix ?? 'ck:tok:v1:';
  const commandTimeoutMs = options.commandTimeoutMs ?? 250;
  const connectTimeoutMs = options.connectTimeoutMs ?? 1_000;
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 1_000;
  const client = createClient({
    url: options.url ?? 'redis://127.0.0.1:6379',
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) =>
        Math.min(50 * 2 ** Math.min(retries, 10), maxReconnectDelayMs),
    },
  });
  // Without a listener node-redis would crash the process on a connection error. Failures
  // surface through the commands instead (createBackendAuth logs one warning per outage).
  client.on('error', () => undefined);
  const unavailable = (cause: unknown): RedisTokenStoreError =>
    RedisTokenStoreError.isInstance(cause)
      ? cause
      : new RedisTokenStoreError(
          'unavailable',
          `Redis did not answer (${cause instanceof Error ? cause.name : 'error'})`,
          { cause },
        );
  let closed = false;
  let connected = false;
  const connecting = client.connect().then(
    () => {
      connected = true;
      return undefined;
    },
    (cause: unknown) => cause,
  );
  /** Until the first connection: waits for it, bounded by the connect timeout. */
  const firstConnection = async (): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const failure = await Promise.race([
      connecting,
      new Promise<Error>((resolve) => {
        timer = setTimeout(
          () => resolve(new Error(`no connection within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    if (failure !== undefined) throw unavailable(failure);
  };

  const run = async <T>(f: () => Promise<T>): Promise<T> => {
    if (closed) throw new RedisTokenStoreError('unavailable', 'the token store is closed');
    if (!connected) await firstConnection();
    try {
      return await f();
    } catch (cause) {
      throw unavailable(cause);
    }
  };
  const redisKey = (key: string): string => `${prefix}${key}`;

  const checkCanary = async (): Promise<void> => {
    const canaryKey = `${prefix}canary`;
    const sealed = cipher.seal(CANARY_TEXT, canaryKey);
    // The first process writes it; the others must be able to open it.
    await run(() => client.set(canaryKey, sealed, { condition: 'NX', expiration: CANARY_TTL }));
    await run(() => client.pExpire(canaryKey, CANARY_TTL.value)); // lives while the store is in use
    const found = await run(() => client.get(canaryKey));
    if (found === null) return;
    let text: string;
    try {
      text = cipher.open(String(found), canaryKey);
    } catch (e) {
      if (RedisTokenStoreError.isInstance(e) && e.code === 'bad_value') {
        throw new RedisTokenStoreError(
          'wrong_encryption_key',
          `the canary at ${canaryKey} is not one of ours: another application uses this prefix, or the key differs`,
        );
      }
      throw e;
    }
    if (text !== CANARY_TEXT) {
      throw new RedisTokenStoreError('wrong_encryption_key', 'the canary does not match');
    }
    // After a rotation, the first process on the new key re-seals the canary with it.
    if (!String(found).includes(`"kid":${JSON.stringify(cipher.keyId)}`)) {
      await run(() => client.set(canaryKey, sealed, { expiration: CANARY_TTL }));
    }
  };

  return {
    prefix,
    keyId: cipher.keyId,

    async ready() {
      await firstConnection();
      await checkCanary();
    },

    async close() {
      if (closed) return;
      closed = true;
      if (client.isReady) await client.close();
      else client.destroy();
    },

    async get(key) {
      const k = redisKey(key);
      const raw = await run(() => client.get(k));
      if (raw === null) return undefined;
      return toStoredToken(cipher.open(String(raw), k));
    },

    async set(key, value, ttlMs) {
      const k = redisKey(key);
      const json = JSON.stringify({ t: value.token, r: value.refreshAt });
      await run(() =>
        client.set(k, cipher.seal(json, k), {
          expiration: { type: 'PX', value: Math.max(1, Math.floor(ttlMs)) },
        }),
      );
    },

    async lock(key, ttlMs) {
      const k = `${redisKey(key)}:lock`;
      const holder = randomUUID();
      const ok = await run(() =>
        client.set(k, holder, {
          condition: 'NX',
          expiration: { type: 'PX', value: Math.max(1, Math.floor(ttlMs)) },
        }),
      );
      if (ok === null) return undefined;
      const lock: TokenStoreLock = {
        release: async () => {
          await run(() => client.eval(COMPARE_AND_DELETE, { keys: [k], arguments: [holder] }));
        },
      };
      return lock;
    },

    async delete(key, accessToken) {
      const k = redisKey(key);
      if (accessToken === undefined) {
        await run(() => client.del(k));
        return;
      }
      // Values are sealed with a random IV, so compare after opening, then delete only that
      // exact ciphertext: a newer token stored meanwhile by another process survives.
      const raw = await run(() => client.get(k));
      if (raw === null) return;
      let stored: StoredToken | undefined;
      try {
        stored = toStoredToken(cipher.open(String(raw), k));
      } catch {
        stored = undefined; // not ours or garbage: removing it is safe
      }
      if (stored !== undefined && stored.token.accessToken !== accessToken) return;
      await run(() => client.eval(COMPARE_AND_DELETE, { keys: [k], arguments: [String(raw)] }));
    },
  };
}
