export { RedisTokenStoreError, RedisTokenStoreErrorCode } from './errors.js';
export {
  createRedisTokenStore,
  type RedisTokenStore,
  type RedisTokenStoreOptions,
} from './redis-token-store.js';
export type { EncryptionKeyInput } from './token-cipher.js';
