import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedisTokenStoreError } from './errors.js';
import { createTokenCipher, defaultKeyId, parseKey } from './token-cipher.js';

const KEY = randomBytes(32);

describe('token cipher (AES-256-GCM)', () => {
  it('round-trips; the envelope holds no plaintext; each seal uses a new IV', () => {
    const c = createTokenCipher({ encryptionKey: KEY });
    const a = c.seal('{"accessToken":"eyJ-secret-token"}', 'k1');
    const b = c.seal('{"accessToken":"eyJ-secret-token"}', 'k1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('eyJ-secret-token');
    expect(JSON.parse(a)).toMatchObject({ v: 1, kid: defaultKeyId(KEY) });
    expect(c.open(a, 'k1')).toBe('{"accessToken":"eyJ-secret-token"}');
  });

  it('the Redis key is authenticated: a value moved to another key does not open', () => {
    const c = createTokenCipher({ encryptionKey: KEY });
    const sealed = c.seal('x', 'ck:tok:v1:aaa');
    expect(() => c.open(sealed, 'ck:tok:v1:bbb')).toThrow(
      expect.objectContaining({ code: 'wrong_encryption_key' }),
    );
  });

  it('another key: typed error, by key id or (same id) by the tag; tampering too', () => {
    const writer = createTokenCipher({ encryptionKey: KEY });
    const sealed = writer.seal('x', 'k');
    const other = randomBytes(32);
    for (const reader of [
      createTokenCipher({ encryptionKey: other }),
      createTokenCipher({ encryptionKey: other, keyId: writer.keyId }),
    ]) {
      const e = (() => {
        try {
          reader.open(sealed, 'k');
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(RedisTokenStoreError.isInstance(e) && e.code).toBe('wrong_encryption_key');
    }
    const env = JSON.parse(sealed) as { ct: string };
    const tampered = JSON.stringify({ ...JSON.parse(sealed), ct: `A${env.ct.slice(1)}` });
    expect(() => writer.open(tampered, 'k')).toThrow(
      expect.objectContaining({ code: 'wrong_encryption_key' }),
    );
    for (const garbage of [
      '',
      'null',
      '{"v":2}',
      'not json',
      '{"v":1,"kid":"x","iv":"","tag":"","ct":""}',
    ]) {
      expect(() => writer.open(garbage, 'k')).toThrow(
        expect.objectContaining({
          code: expect.stringMatching(/bad_value|wrong_encryption_key/) as unknown,
        }),
      );
    }
  });

  it('rotation: previousKeys open old values, new ones use the current key', () => {
    const old = createTokenCipher({ encryptionKey: KEY, keyId: 'k-2026-01' });
    const sealed = old.seal('x', 'k');
    const next = createTokenCipher({
      encryptionKey: randomBytes(32),
      keyId: 'k-2026-12',
      previousKeys: [{ keyId: 'k-2026-01', key: KEY }],
    });
    expect(next.open(sealed, 'k')).toBe('x');
    expect(JSON.parse(next.seal('y', 'k'))).toMatchObject({ kid: 'k-2026-12' });
  });

  it('keys as bytes, hex or base64; anything else names the field and never echoes the value', () => {
    expect(parseKey(KEY.toString('hex'), 'encryptionKey')).toEqual(KEY);
    expect(parseKey(KEY.toString('base64'), 'encryptionKey')).toEqual(KEY);
    expect(parseKey(KEY.toString('base64url'), 'encryptionKey')).toEqual(KEY);
    for (const bad of [
      'too-short-secret-value',
      randomBytes(16),
      42,
      undefined,
      KEY.toString('hex').slice(2),
    ]) {
      let err: unknown;
      try {
        parseKey(bad, 'encryptionKey');
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'invalid_options', field: 'encryptionKey' });
      expect((err as Error).message).not.toContain('too-short-secret-value');
    }
  });
});
