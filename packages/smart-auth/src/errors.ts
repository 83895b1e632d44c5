const MARKER = Symbol.for('cerner-kit.smart-auth.error');

/** Stable error codes of {@link SmartAuthError}; switch on these, not on messages. */
export const SmartAuthErrorCode = {
  invalid_client: 'invalid_client',
  invalid_scope: 'invalid_scope',
  invalid_request: 'invalid_request',
  invalid_grant: 'invalid_grant',
  unauthorized_client: 'unauthorized_client',
  unsupported_grant_type: 'unsupported_grant_type',
  discovery_failed: 'discovery_failed',
  timeout: 'timeout',
  network: 'network',
  bad_response: 'bad_response',
  missing_scope: 'missing_scope',
  invalid_options: 'invalid_options',
} as const;
export type SmartAuthErrorCode = (typeof SmartAuthErrorCode)[keyof typeof SmartAuthErrorCode];

/** Extra facts carried by a {@link SmartAuthError}. */
export interface SmartAuthErrorOptions {
  status?: number;
  errorUri?: string;
  retryable?: boolean;
  missingScopes?: string[];
  field?: string;
  cause?: unknown;
}

/**
 * The one error class of `@cerner-kit/smart-auth`. Messages never contain secrets, client
 * assertions or tokens.
 *
 * @example
 * ```ts
 * try { await auth.getToken(['system/Patient.read']); }
 * catch (e) { if (SmartAuthError.isInstance(e) && e.code === 'invalid_scope') console.log(e.errorUri); }
 * ```
 */
export class SmartAuthError extends Error {
  readonly code: SmartAuthErrorCode;
  /** HTTP status of the token or discovery response, when there was one. */
  readonly status: number | undefined;
  /** Cerner's `error_uri` (its URN names the exact cause), when sent. */
  readonly errorUri: string | undefined;
  /** True when the same call may succeed later (network, timeout, 5xx, 429). */
  readonly retryable: boolean;
  /** For `missing_scope`: the scopes the token lacks. */
  readonly missingScopes: string[] | undefined;
  /** For `invalid_options`: the option at fault. */
  readonly field: string | undefined;
  readonly [MARKER] = true;

  /** @internal */
  constructor(code: SmartAuthErrorCode, message: string, options: SmartAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SmartAuthError';
    this.code = code;
    this.status = options.status;
    this.errorUri = options.errorUri;
    this.retryable = options.retryable ?? false;
    this.missingScopes = options.missingScopes;
    this.field = options.field;
  }

  /** True for any SmartAuthError, even from another copy of this package. */
  static isInstance(error: unknown): error is SmartAuthError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }

  /** A JSON form without the cause chain (which could hold a raw response). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      errorUri: this.errorUri,
      retryable: this.retryable,
      missingScopes: this.missingScopes,
      field: this.field,
    };
  }
}
