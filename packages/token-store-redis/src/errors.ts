const MARKER = Symbol.for('cerner-kit.token-store-redis.error');

/**
 * Stable codes of {@link RedisTokenStoreError}.
 *
 * - `invalid_options`: a bad option, named by `field` (thrown at once, before any connection).
 * - `wrong_encryption_key`: the store holds values written under another key (found at
 *   {@link RedisTokenStore.ready} through a canary, or when a value does not decrypt).
 * - `unavailable`: Redis did not answer (down, slow, closed); retryable.
 * - `bad_value`: a stored value is not one of ours (garbage, truncated, another format).
 *
 * @example
 * ```ts
 * if (RedisTokenStoreError.isInstance(e) && e.code === RedisTokenStoreErrorCode.wrong_encryption_key) process.exit(2);
 * ```
 */
export const RedisTokenStoreErrorCode = {
  invalid_options: 'invalid_options',
  wrong_encryption_key: 'wrong_encryption_key',
  unavailable: 'unavailable',
  bad_value: 'bad_value',
} as const;
/**
 * One of the {@link RedisTokenStoreErrorCode} values.
 *
 * @example
 * ```ts
 * const code: RedisTokenStoreErrorCode = 'unavailable';
 * ```
 */
export type RedisTokenStoreErrorCode =
  (typeof RedisTokenStoreErrorCode)[keyof typeof RedisTokenStoreErrorCode];

/**
 * The one error class of `@cerner-kit/token-store-redis`. Messages never contain a token, an
 * encryption key or a stored value; Redis's own error is kept as `cause` (out of `toJSON()`).
 *
 * @example
 * ```ts
 * try {
 *   await store.ready();
 * } catch (e) {
 *   if (RedisTokenStoreError.isInstance(e) && e.code === 'wrong_encryption_key') throw e;
 * }
 * ```
 */
export class RedisTokenStoreError extends Error {
  /** What went wrong, as a stable string. */
  readonly code: RedisTokenStoreErrorCode;
  /** For `invalid_options`: the option at fault. */
  readonly field?: string;
  /** True when the same call may succeed later (`unavailable`). */
  readonly retryable: boolean;
  /** @internal */
  readonly [MARKER] = true as const;

  /**
   * @param code - a {@link RedisTokenStoreErrorCode}
   * @param message - without tokens, keys or values
   * @param options - field, cause
   * @internal
   */
  constructor(
    code: RedisTokenStoreErrorCode,
    message: string,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RedisTokenStoreError';
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    this.retryable = code === 'unavailable';
  }

  /**
   * True for any RedisTokenStoreError, even from another copy of this package.
   *
   * @param error - anything caught
   * @returns whether it carries the `cerner-kit.token-store-redis.error` marker
   * @example
   * ```ts
   * catch (e) { if (RedisTokenStoreError.isInstance(e)) console.log(e.code); }
   * ```
   */
  static isInstance(error: unknown): error is RedisTokenStoreError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { [MARKER]?: unknown })[MARKER] === true
    );
  }

  /**
   * A JSON form without `cause` or stack.
   *
   * @returns name, code, message, field, retryable
   * @example
   * ```ts
   * logger.error('token store', { error: err.toJSON() });
   * ```
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      field: this.field,
      retryable: this.retryable,
    };
  }
}

/**
 * Shorthand for an `invalid_options` error naming the field. @internal
 *
 * @param field - the option path
 * @param problem - what is wrong (never the value)
 * @returns never
 * @throws {@link RedisTokenStoreError} always
 * @example
 * ```ts
 * invalidOption('encryptionKey', 'must be 32 bytes');
 * ```
 */
export function invalidOption(field: string, problem: string): never {
  throw new RedisTokenStoreError('invalid_options', `${field}: ${problem}`, { field });
}
