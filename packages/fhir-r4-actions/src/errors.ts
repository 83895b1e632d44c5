import { errorMarker, hasErrorMarker } from '@cerner-kit/core';
import type { OperationOutcome } from 'fhir/r4.js';
import { redactUrl } from './http/redact-url.js';

const MARKER = errorMarker('fhir-r4-actions');

/**
 * Stable codes of {@link FhirActionError}; switch on these, never on messages.
 *
 * @example
 * ```ts
 * if (FhirActionError.isInstance(e) && e.code === FhirActionErrorCode.not_found) return null;
 * ```
 */
export const FhirActionErrorCode = {
  /** The input failed validation (before any request); `field` names it. */
  invalid_input: 'invalid_input',
  /** The token lacks a scope the action needs; `missingScopes` names them. */
  missing_scope: 'missing_scope',
  /** No token could be obtained (wraps the `SmartAuthError` as `cause`). */
  auth_failed: 'auth_failed',
  /** 401 even after one token refresh. */
  unauthorized: 'unauthorized',
  /** 403: scope refused by Cerner, tenant not valid, or the app not enabled for it. */
  forbidden: 'forbidden',
  /** 404 / 410. */
  not_found: 'not_found',
  /** 409 / 412. */
  conflict: 'conflict',
  /** 422: valid JSON that breaks a Cerner business rule. */
  unprocessable: 'unprocessable',
  /** 400 and other 4xx. */
  bad_request: 'bad_request',
  /** 429. */
  rate_limited: 'rate_limited',
  /** 5xx. */
  server_error: 'server_error',
  /** No response within `timeoutMs`. */
  timeout: 'timeout',
  /** The connection failed. */
  network: 'network',
  /** The caller's `AbortSignal` ended the call (`cause` is its reason). */
  aborted: 'aborted',
  /** An unexpected answer: wrong resourceType, bad JSON, no `Location`, paging loop, foreign link. */
  bad_response: 'bad_response',
  /** `findPatientByMrn` matched several patients. */
  multiple_matches: 'multiple_matches',
} as const;
/** One of {@link FhirActionErrorCode}. */
export type FhirActionErrorCode = (typeof FhirActionErrorCode)[keyof typeof FhirActionErrorCode];

/**
 * One issue of Cerner's OperationOutcome, flattened.
 *
 * @example
 * ```ts
 * err.issues.map((i: OutcomeIssue) => `${i.code}: ${i.text ?? ''}`);
 * ```
 */
export interface OutcomeIssue {
  severity: string;
  code: string;
  /** `details.text`, else the first `details.coding` display or code. */
  text?: string;
  diagnostics?: string;
  /** `expression`, else the deprecated `location` (Cerner's 401 uses `location`). */
  expression?: string[];
}

/**
 * Facts carried by a {@link FhirActionError}.
 *
 * @example
 * ```ts
 * new FhirActionError('not_found', 'GET Patient failed: HTTP 404', { status: 404, requestId });
 * ```
 */
export interface FhirActionErrorOptions {
  status?: number;
  retryable?: boolean;
  method?: string;
  /** The URL as requested; `error.url` keeps it without ids and query, `requestUrl` whole. */
  url?: string;
  requestId?: string;
  operationOutcome?: OperationOutcome;
  mayHaveSucceeded?: boolean;
  missingScopes?: string[];
  field?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * Flattens an OperationOutcome into {@link OutcomeIssue}s.
 *
 * @param outcome - Cerner's OperationOutcome, or undefined
 * @returns the issues, empty when there is no outcome
 * @example
 * ```ts
 * outcomeIssues({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', details: { text: 'Not Found' } }] });
 * // [{ severity: 'error', code: 'not-found', text: 'Not Found' }]
 * ```
 */
export function outcomeIssues(outcome: OperationOutcome | undefined): OutcomeIssue[] {
  return (outcome?.issue ?? []).map((i) => {
    const coding = i.details?.coding?.[0];
    const text = i.details?.text ?? coding?.display ?? coding?.code;
    const expression = i.expression ?? i.location;
    return {
      severity: String(i.severity),
      code: String(i.code),
      ...(text ? { text } : {}),
      ...(i.diagnostics ? { diagnostics: i.diagnostics } : {}),
      ...(expression && expression.length > 0 ? { expression } : {}),
    };
  });
}

/**
 * The one error class of `@cerner-kit/fhir-r4-actions`. What it shows (own properties, the
 * message, `toJSON()`, `util.inspect`) is codes, resource types, field names, HTTP facts and
 * request ids, never patient data, tokens or server text: `url` has its ids and query removed,
 * and the message names OperationOutcome issue codes only. What the server said and the URL as
 * requested are behind explicit accessors (`issues`, `operationOutcome`, `requestUrl`), which
 * structured logging of the error does not reach; read them on purpose.
 *
 * @example
 * ```ts
 * try {
 *   await client.createPatient(input);
 * } catch (e) {
 *   if (FhirActionError.isInstance(e) && e.mayHaveSucceeded) {
 *     // the create may have happened: search before trying again
 *   }
 * }
 * ```
 */
export class FhirActionError extends Error {
  /** Stable code, see {@link FhirActionErrorCode}. */
  readonly code: FhirActionErrorCode;
  /** HTTP status, when Cerner answered. */
  readonly status: number | undefined;
  /**
   * True when repeating the same call later may succeed: GETs after 408/429/502/503/504,
   * timeouts and network errors, or a POST that was certainly not sent. Never true for a POST
   * whose outcome is unknown (see `mayHaveSucceeded`).
   */
  readonly retryable: boolean;
  readonly method: string | undefined;
  /**
   * The request URL without ids or query: `https://…/r4/{tenant}/Patient/{id}`,
   * `…/Patient?…` (see `requestUrl` for the URL as requested).
   */
  readonly url: string | undefined;
  /** Cerner's `X-Request-Id` (or `opc-request-id`), for support tickets. */
  readonly requestId: string | undefined;
  /**
   * POSTs only: true when the server may have created the resource although the call failed
   * (timeout, dropped connection, 5xx): search before creating again. False when the server
   * certainly did not process it (4xx, 429, 503 with `Retry-After`, connection refused).
   */
  readonly mayHaveSucceeded: boolean | undefined;
  /** For `missing_scope`: the scopes the action needs and the token lacks. */
  readonly missingScopes: string[] | undefined;
  /** For `invalid_input`: the field at fault (`birthDate`, `address.postalCode`). */
  readonly field: string | undefined;
  /** Milliseconds Cerner asked to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;
  readonly [MARKER] = true;
  readonly #outcome: OperationOutcome | undefined;
  readonly #requestUrl: string | undefined;
  #issues: OutcomeIssue[] | undefined;

  /**
   * @internal
   * @param code - stable code
   * @param message - human text without patient data
   * @param options - HTTP facts and the cause
   */
  constructor(code: FhirActionErrorCode, message: string, options: FhirActionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FhirActionError';
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.method = options.method;
    this.url = options.url === undefined ? undefined : redactUrl(options.url, { ids: true });
    this.requestId = options.requestId;
    this.#outcome = options.operationOutcome;
    this.#requestUrl = options.url;
    this.mayHaveSucceeded = options.mayHaveSucceeded;
    this.missingScopes = options.missingScopes;
    this.field = options.field;
    this.retryAfterMs = options.retryAfterMs;
  }

  /**
   * The OperationOutcome Cerner sent, when it sent one. Server text (diagnostics, details) may
   * repeat what was sent, so it is kept out of the message, `toJSON()` and `util.inspect`.
   *
   * @returns the outcome, or undefined
   * @example
   * ```ts
   * err.operationOutcome?.issue.map((i) => i.code);
   * ```
   */
  get operationOutcome(): OperationOutcome | undefined {
    return this.#outcome;
  }

  /**
   * The OperationOutcome's issues, flattened (empty when there was none), with Cerner's
   * `text` and `diagnostics`: read on purpose, not logged with the error.
   *
   * @returns the issues
   * @example
   * ```ts
   * err.issues.map((i) => `${i.code}: ${i.text ?? ''}`);
   * ```
   */
  get issues(): OutcomeIssue[] {
    this.#issues ??= outcomeIssues(this.#outcome);
    return this.#issues;
  }

  /**
   * The URL as requested, with resource ids and query values (MRNs): patient data. Not in the
   * message, `toJSON()` or `util.inspect`.
   *
   * @returns the URL, or undefined when the error is not about a request
   * @example
   * ```ts
   * debugOnlyLogger.debug('failed request', { url: err.requestUrl });
   * ```
   */
  get requestUrl(): string | undefined {
    return this.#requestUrl;
  }

  /**
   * True for any FhirActionError, even one from another copy of this package.
   *
   * @param error - anything caught
   * @returns whether it is a FhirActionError
   * @example
   * ```ts
   * if (FhirActionError.isInstance(e)) console.error(e.code, e.requestId);
   * ```
   */
  static isInstance(error: unknown): error is FhirActionError {
    return hasErrorMarker(error, MARKER);
  }

  /**
   * A plain object for structured logs: codes, HTTP facts, field names, request id, and the
   * issue codes and expressions (never their text, the cause, or the URL as requested).
   *
   * @returns the error's fields
   * @example
   * ```ts
   * logger.error('cerner call failed', { error: err.toJSON() });
   * ```
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      retryable: this.retryable,
      method: this.method,
      url: this.url,
      requestId: this.requestId,
      issues: this.issues.map((i) => ({
        severity: i.severity,
        code: i.code,
        ...(i.expression ? { expression: i.expression } : {}),
      })),
      mayHaveSucceeded: this.mayHaveSucceeded,
      missingScopes: this.missingScopes,
      field: this.field,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
