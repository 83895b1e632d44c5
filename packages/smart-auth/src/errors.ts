import { errorMarker, hasErrorMarker } from '@cerner-kit/core';

const MARKER = errorMarker('smart-auth');

/**
 * Stable error codes of {@link SmartAuthError}; switch on these, never on messages.
 *
 * The first six are the OAuth 2.0 token endpoint errors of RFC 6749 §5.2, passed through as the
 * server sent them; the others are this package's own.
 *
 * @example
 * ```ts
 * if (SmartAuthError.isInstance(e) && e.code === SmartAuthErrorCode.invalid_scope) {
 *   console.error('register the scopes in Cerner Code Console', e.missingScopes);
 * }
 * ```
 */
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
/**
 * One of the {@link SmartAuthErrorCode} values.
 *
 * @example
 * ```ts
 * function isAuthConfigProblem(code: SmartAuthErrorCode): boolean {
 *   return code === 'invalid_client' || code === 'invalid_scope' || code === 'invalid_options';
 * }
 * ```
 */
export type SmartAuthErrorCode = (typeof SmartAuthErrorCode)[keyof typeof SmartAuthErrorCode];

/** The RFC 6749 §5.2 `error` values that map one to one onto a {@link SmartAuthErrorCode}. */
const OAUTH_ERRORS: ReadonlySet<string> = new Set<SmartAuthErrorCode>([
  'invalid_client',
  'invalid_scope',
  'invalid_request',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
]);

/**
 * Maps an OAuth `error` string from a token endpoint onto a code; unknown strings (including
 * `server_error`, `temporarily_unavailable` and anything vendor-specific) become `bad_response`.
 *
 * @param error - the `error` member of the response body, if any
 * @returns the matching code, or `bad_response`
 * @example
 * ```ts
 * oauthErrorCode('invalid_scope'); // 'invalid_scope'
 * oauthErrorCode('server_error'); // 'bad_response'
 * ```
 */
export function oauthErrorCode(error: string | undefined): SmartAuthErrorCode {
  return error !== undefined && OAUTH_ERRORS.has(error)
    ? (error as SmartAuthErrorCode)
    : 'bad_response';
}

/**
 * Extra facts carried by a {@link SmartAuthError}.
 *
 * @example
 * ```ts
 * new SmartAuthError('missing_scope', 'The token lacks system/Patient.write', { missingScopes: ['system/Patient.write'] });
 * ```
 */
export interface SmartAuthErrorOptions {
  /** HTTP status of the token or discovery response. */
  status?: number;
  /** The server's `error_uri` (Cerner's names the exact cause as a URN). */
  errorUri?: string;
  /** True when the same call may succeed later. Default false. */
  retryable?: boolean;
  /** The scopes that were not granted (`missing_scope`, `invalid_scope`). */
  missingScopes?: string[];
  /** The option at fault (`invalid_options`), e.g. `credentials.keyId`. */
  field?: string;
  /** The server's request id (Cerner's `Cerner-Correlation-ID` header), for support. */
  requestId?: string;
  /**
   * Text the server wrote (`error_description`, a non-standard `error`). Kept behind
   * {@link SmartAuthError.serverText}: never in the message, `toJSON()` or `util.inspect`.
   */
  serverText?: string;
  /** The underlying error; kept out of `JSON.stringify(error)`. */
  cause?: unknown;
}

/**
 * The one error class of `@cerner-kit/smart-auth`.
 *
 * Messages, fields and `JSON.stringify(error)` never contain a client secret, a private key, a
 * client assertion or an access token. Scope names, client ids, URLs and Cerner's `error_uri`
 * are not secrets and do appear. What the server wrote in free text (`error_description`) is
 * not in the message either: a server may echo anything there. Read it explicitly with
 * {@link SmartAuthError.serverText}; logging, `toJSON()` and `util.inspect` do not reach it.
 *
 * @example
 * ```ts
 * try {
 *   await auth.getToken('system/Patient.rs');
 * } catch (e) {
 *   if (SmartAuthError.isInstance(e) && e.code === 'invalid_scope') console.error(e.message, e.errorUri);
 *   else throw e;
 * }
 * ```
 */
export class SmartAuthError extends Error {
  /** What went wrong, as a stable string. */
  readonly code: SmartAuthErrorCode;
  /** HTTP status of the token or discovery response, when there was one. */
  readonly status?: number;
  /** The server's `error_uri`, when sent. Cerner's embeds a URN naming the exact cause. */
  readonly errorUri?: string;
  /** True when the same call may succeed later (network, timeout, HTTP 429 and 5xx). */
  readonly retryable: boolean;
  /** The scopes not granted, by name (`missing_scope`, and `invalid_scope` with the requested ones). */
  readonly missingScopes?: string[];
  /** For `invalid_options`: the option at fault, e.g. `credentials.alg`. */
  readonly field?: string;
  /** The server's request id (Cerner's `Cerner-Correlation-ID`), when it sent one. */
  readonly requestId?: string;
  /** @internal */
  readonly [MARKER] = true as const;
  readonly #serverText: string | undefined;

  /**
   * @param code - a {@link SmartAuthErrorCode}
   * @param message - a message without secrets or tokens
   * @param options - status, errorUri, retryable, missingScopes, field, requestId, serverText, cause
   * @internal
   */
  constructor(code: SmartAuthErrorCode, message: string, options: SmartAuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SmartAuthError';
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.errorUri !== undefined) this.errorUri = options.errorUri;
    this.retryable = options.retryable ?? false;
    if (options.missingScopes !== undefined) this.missingScopes = options.missingScopes;
    if (options.field !== undefined) this.field = options.field;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    this.#serverText = options.serverText;
  }

  /**
   * What the server wrote in free text (the token endpoint's `error_description`, or an `error`
   * that is not an OAuth code), scrubbed of anything the client sent and of control
   * characters, at most 200 characters. Deliberately a method: `toJSON()`, `util.inspect`, the
   * message and logs never include it, because a server may echo request data there. Show it
   * to an operator on purpose, not to end users.
   *
   * @returns the text, or undefined when the server sent none
   * @example
   * ```ts
   * catch (e) { if (SmartAuthError.isInstance(e)) debugConsole.log(e.code, e.serverText()); }
   * ```
   */
  serverText(): string | undefined {
    return this.#serverText;
  }

  /**
   * True for any SmartAuthError, even one made by another copy of this package.
   *
   * @param error - anything caught
   * @returns whether it carries the `cerner-kit.smart-auth.error` marker
   * @example
   * ```ts
   * catch (e) { if (SmartAuthError.isInstance(e)) console.log(e.code); }
   * ```
   */
  static isInstance(error: unknown): error is SmartAuthError {
    return hasErrorMarker(error, MARKER);
  }

  /**
   * A JSON form without `cause` or stack.
   *
   * @returns the code, message and facts
   * @example
   * ```ts
   * logger.error('auth failed', { error: err.toJSON() });
   * ```
   */
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
      requestId: this.requestId,
    };
  }
}

/**
 * Shorthand for an `invalid_options` error naming the field. @internal
 *
 * @param field - the option path, e.g. `credentials.keyId`
 * @param problem - what is wrong with it
 * @returns never
 * @throws {@link SmartAuthError} always
 * @example
 * ```ts
 * if (!clientId) invalidOption('clientId', 'required');
 * ```
 */
export function invalidOption(field: string, problem: string): never {
  throw new SmartAuthError('invalid_options', `${field}: ${problem}`, { field });
}
