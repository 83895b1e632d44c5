import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { invalidOption, RedisTokenStoreError } from './errors.js';

/**
 * A 256-bit key as the caller gives it: 32 bytes, 64 hex digits, or base64 / base64url of 32
 * bytes (e.g. `openssl rand -base64 32`).
 *
 * @example
 * ```ts
 * const key: EncryptionKeyInput = process.env.TOKEN_STORE_KEY!; // 44 base64 characters
 * ```
 */
export type EncryptionKeyInput = string | Uint8Array;

/**
 * AES-256-GCM sealing of stored values: a fresh 96-bit IV per value, the Redis key as additional
 * authenticated data (a value copied under another key does not open), and a key id so keys can
 * be rotated (`previousKeys` open old values; new ones are sealed with the current key).
 * @internal
 *
 * @example
 * ```ts
 * const cipher = createTokenCipher({ encryptionKey });
 * cipher.open(cipher.seal('{"a":1}', 'ck:tok:v1:abc'), 'ck:tok:v1:abc'); // '{"a":1}'
 * ```
 */
export interface TokenCipher {
  /** The id of the current key (stored in each envelope; not secret). */
  readonly keyId: string;
  seal(plaintext: string, aad: string): string;
  /** @throws {@link RedisTokenStoreError} `wrong_encryption_key` or `bad_value` */
  open(envelope: string, aad: string): string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Reads a key given as bytes, hex or base64. @internal
 *
 * @param input - the key
 * @param field - the option name for errors
 * @returns 32 bytes
 * @throws {@link RedisTokenStoreError} `invalid_options` naming `field` (never echoing the key)
 * @example
 * ```ts
 * parseKey(randomBytes(32), 'encryptionKey');
 * ```
 */
export function parseKey(input: unknown, field: string): Buffer {
  const problem = `must be 32 bytes: a Uint8Array, 64 hex digits, or base64 of 32 bytes (openssl rand -base64 32)`;
  if (input instanceof Uint8Array) {
    if (input.byteLength !== KEY_BYTES) invalidOption(field, problem);
    return Buffer.from(input);
  }
  if (typeof input !== 'string') invalidOption(field, problem);
  const s = input.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(s)) {
    const bytes = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.byteLength === KEY_BYTES) return bytes;
  }
  return invalidOption(field, problem);
}

/**
 * The default key id: 16 hex digits of HMAC-SHA256(key, a fixed label). It identifies the key
 * without revealing anything usable about it. @internal
 *
 * @param key - 32 bytes
 * @returns the id
 * @example
 * ```ts
 * defaultKeyId(key); // 'a1b2c3d4e5f60718'
 * ```
 */
export function defaultKeyId(key: Buffer): string {
  return createHmac('sha256', key)
    .update('cerner-kit token-store key id')
    .digest('hex')
    .slice(0, 16);
}

/**
 * Creates the cipher. @internal
 *
 * @param o - current key (and id), previous keys that may still open values
 * @returns the cipher
 * @throws {@link RedisTokenStoreError} `invalid_options` for a bad key or id
 * @example
 * ```ts
 * const cipher = createTokenCipher({ encryptionKey: process.env.TOKEN_STORE_KEY! });
 * ```
 */
export function createTokenCipher(o: {
  encryptionKey: EncryptionKeyInput;
  keyId?: string;
  previousKeys?: readonly { keyId?: string; key: EncryptionKeyInput }[];
}): TokenCipher {
  const current = parseKey(o.encryptionKey, 'encryptionKey');
  const keyId = o.keyId ?? defaultKeyId(current);
  if (typeof keyId !== 'string' || !/^[\w.-]{1,64}$/.test(keyId)) {
    invalidOption('keyId', 'must be 1-64 letters, digits, _ . or -');
  }
  const ring = new Map<string, Buffer>([[keyId, current]]);
  (o.previousKeys ?? []).forEach((p, i) => {
    const k = parseKey(p?.key, `previousKeys[${i}].key`);
    ring.set(p.keyId ?? defaultKeyId(k), k);
  });

  return {
    keyId,
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const c = createCipheriv('aes-256-gcm', current, iv, { authTagLength: TAG_BYTES });
      c.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return JSON.stringify({
        v: 1,
        kid: keyId,
        iv: iv.toString('base64url'),
        tag: c.getAuthTag().toString('base64url'),
        ct: ct.toString('base64url'),
      });
    },
    open(envelope, aad) {
      let e: { v?: unknown; kid?: unknown; iv?: unknown; tag?: unknown; ct?: unknown };
      try {
        e = JSON.parse(envelope) as typeof e;
      } catch {
        throw new RedisTokenStoreError('bad_value', 'a stored value is not an encrypted envelope');
      }
      if (
        typeof e !== 'object' ||
        e === null ||
        e.v !== 1 ||
        typeof e.kid !== 'string' ||
        typeof e.iv !== 'string' ||
        typeof e.tag !== 'string' ||
        typeof e.ct !== 'string'
      ) {
        throw new RedisTokenStoreError('bad_value', 'a stored value is not an encrypted envelope');
      }
      const key = ring.get(e.kid);
      if (key === undefined) {
        throw new RedisTokenStoreError(
          'wrong_encryption_key',
          `a stored value was encrypted under key id ${JSON.stringify(e.kid.slice(0, 64))}, which this store does not hold: every process must share the encryption key (during a rotation, pass the old one in previousKeys)`,
        );
      }
      const iv = Buffer.from(e.iv, 'base64url');
      const tag = Buffer.from(e.tag, 'base64url');
      if (iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) {
        throw new RedisTokenStoreError('bad_value', 'a stored value has a bad IV or tag');
      }
      try {
        const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        d.setAAD(Buffer.from(aad, 'utf8'));
        d.setAuthTag(tag);
        return Buffer.concat([d.update(Buffer.from(e.ct, 'base64url')), d.final()]).toString(
          'utf8',
        );
      } catch (cause) {
        throw new RedisTokenStoreError(
          'wrong_encryption_key',
          `a stored value under key id ${JSON.stringify(e.kid)} does not decrypt: a different key with the same id, or a value moved to another Redis key`,
          { cause },
        );
      }
    },
  };
}
