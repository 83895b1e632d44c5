import type { OperationOutcome } from 'fhir/r4.js';

const MARKER = Symbol.for('cerner-kit.fhir-r4-actions.error');

/** Stable codes of {@link FhirActionError}. */
export const FhirActionErrorCode = {
  invalid_input: 'invalid_input',
  missing_scope: 'missing_scope',
  auth_failed: 'auth_failed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  unprocessable: 'unprocessable',
  bad_request: 'bad_request',
  rate_limited: 'rate_limited',
  server_error: 'server_error',
  timeout: 'timeout',
  network: 'network',
  bad_response: 'bad_response',
  multiple_matches: 'multiple_matches',
} as const;
export type FhirActionErrorCode = (typeof FhirActionErrorCode)[keyof typeof FhirActionErrorCode];

/** One issue from Cerner's OperationOutcome. */
export interface OutcomeIssue {
  severity: string;
  code: string;
  text?: string;
  diagnostics?: string;
  expression?: string[];
}

/** Facts carried by a {@link FhirActionError}. */
export interface FhirActionErrorOptions {
  status?: number;
  retryable?: boolean;
  method?: string;
  url?: string;
  requestId?: string;
  operationOutcome?: OperationOutcome;
  mayHaveSucceeded?: boolean;
  missingScopes?: string[];
  field?: string;
  cause?: unknown;
}

/**
 * The one error class of `@cerner-kit/fhir-r4-actions`. Messages carry codes, resource types and
 * field names, never patient data or tokens; `url` has its query string removed (MRNs are PHI).
 *
 * @example
 * ```ts
 * try { await client.createPatient(input); }
 * catch (e) {
 *   if (FhirActionError.isInstance(e) && e.mayHaveSucceeded) { ... search before retrying ... }
 * }
 * ```
 */
export class FhirActionError extends Error {
  readonly code: FhirActionErrorCode;
  readonly status: number | undefined;
  /** True when repeating the same call may succeed (never true for a create whose outcome is unknown). */
  readonly retryable: boolean;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** Cerner's `X-Request-Id`, for support tickets. */
  readonly requestId: string | undefined;
  readonly operationOutcome: OperationOutcome | undefined;
  readonly issues: OutcomeIssue[];
  /** For a POST: the server may have created the resource although we got no answer. */
  readonly mayHaveSucceeded: boolean | undefined;
  readonly missingScopes: string[] | undefined;
  /** For `invalid_input`: the field at fault (`birthDate`, `address.postalCode`). */
  readonly field: string | undefined;
  readonly [MARKER] = true;

  /** @internal */
  constructor(code: FhirActionErrorCode, message: string, options: FhirActionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FhirActionError';
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.method = options.method;
    this.url = options.url;
    this.requestId = options.requestId;
    this.operationOutcome = options.operationOutcome;
    this.issues = (options.operationOutcome?.issue ?? []).map((i) => ({
      severity: i.severity,
      code: i.code,
      ...(i.details?.text ? { text: i.details.text } : {}),
      ...(i.diagnostics ? { diagnostics: i.diagnostics } : {}),
      ...(i.expression ? { expression: i.expression } : {}),
    }));
    this.mayHaveSucceeded = options.mayHaveSucceeded;
    this.missingScopes = options.missingScopes;
    this.field = options.field;
  }

  /** True for any FhirActionError, even from another copy of this package. */
  static isInstance(error: unknown): error is FhirActionError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }

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
      issues: this.issues,
      mayHaveSucceeded: this.mayHaveSucceeded,
      missingScopes: this.missingScopes,
      field: this.field,
    };
  }
}
