import { failureCode } from '@cerner-kit/core';
import { FhirActionError, type FhirActionErrorCode } from '../errors.js';
import type { FhirMethod } from './fhir-request.js';
import { parseOperationOutcome, summarizeOutcome } from './operation-outcome.js';
import { RETRY_STATUS } from './retry-policy.js';
import type { SendResult } from './transport.js';

/** The stable code of an HTTP status. */
function codeForStatus(status: number): FhirActionErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 409:
    case 412:
      return 'conflict';
    case 422:
      return 'unprocessable';
    case 429:
      return 'rate_limited';
    default:
      if (status >= 500) return 'server_error';
      if (status >= 400) return 'bad_request';
      return 'bad_response';
  }
}

/** `host:port` of a URL, for messages: the path and query may name a patient. */
function hostOf(url: string): string {
  return new URL(url).host; // always absolute: `resolve` made it
}

/**
 * The parsed JSON body of a 2xx, undefined when empty. A POST's unreadable body is ignored (a
 * create is judged by its Location header).
 *
 * @param text - the body
 * @param method - GET or POST
 * @param resourceType - for the message
 * @param url - the URL as requested
 * @param status - the HTTP status
 * @param requestId - Cerner's request id
 * @returns the body
 * @throws {@link FhirActionError} `bad_response` for a GET body that is not JSON
 * @example
 * ```ts
 * parseBody('{"resourceType":"Patient"}', 'GET', 'Patient', url, 200, undefined);
 * ```
 * @internal
 */
export function parseBody(
  text: string,
  method: FhirMethod,
  resourceType: string,
  url: string,
  status: number,
  requestId: string | undefined,
): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    // A create is judged by its Location header; an unreadable body must not hide a success.
    if (method === 'POST') return undefined;
    throw new FhirActionError(
      'bad_response',
      `${method} ${resourceType}: the response is not JSON (HTTP ${status})`,
      {
        status,
        method,
        url: url,
        ...(requestId ? { requestId } : {}),
        cause,
      },
    );
  }
}

/**
 * The error of a request that got no response: for a POST, whether the create may have happened.
 *
 * @param method - GET or POST
 * @param resourceType - for the message
 * @param url - the URL as requested
 * @param sent - the transport's failure
 * @param attempt - 0 for the first try
 * @param timeoutMs - the client's time limit, for the message
 * @returns the error (not thrown)
 * @example
 * ```ts
 * throw noResponseError('GET', 'Patient', url, sent, 2, 30_000);
 * ```
 * @internal
 */
export function noResponseError(
  method: FhirMethod,
  resourceType: string,
  url: string,
  sent: Extract<SendResult, { kind: 'failed' }>,
  attempt: number,
  timeoutMs: number,
): FhirActionError {
  const failure = failureCode(sent.cause);
  const what =
    sent.code === 'timeout'
      ? `timed out after ${timeoutMs} ms`
      : `failed: no response from ${hostOf(url)} (${failure ?? 'network error'})`;
  const common = { method, url, cause: sent.cause };
  if (method === 'GET') {
    return new FhirActionError(
      sent.code,
      `${method} ${resourceType} ${what} (${attempt + 1} attempt${attempt > 0 ? 's' : ''})`,
      { ...common, retryable: true },
    );
  }
  if (sent.notSent) {
    return new FhirActionError(
      sent.code,
      `${method} ${resourceType} failed before the request was sent (could not connect to ${hostOf(url)}${failure ? `: ${failure}` : ''}): nothing was created; it is safe to try again`,
      {
        ...common,
        retryable: true,
        mayHaveSucceeded: false,
      },
    );
  }
  return new FhirActionError(
    sent.code,
    `${method} ${resourceType} ${what}: the create may have happened. Search for the resource before trying again (not retried automatically)`,
    { ...common, retryable: false, mayHaveSucceeded: true },
  );
}

/**
 * The error of a non-2xx answer: the code for the status, Cerner's OperationOutcome, what to do
 * next, and for a POST whether the create may have happened.
 *
 * @param method - GET or POST
 * @param resourceType - for the message
 * @param url - the URL as requested
 * @param status - the HTTP status
 * @param text - the body
 * @param requestId - Cerner's request id
 * @param retryAfterMs - what `Retry-After` said
 * @param attempt - 0 for the first try
 * @param refreshed - whether the token was refreshed after a 401
 * @returns the error (not thrown)
 * @example
 * ```ts
 * throw statusError('GET', 'Patient', url, 404, body, 'req-1', undefined, 0, false);
 * ```
 * @internal
 */
export function statusError(
  method: FhirMethod,
  resourceType: string,
  url: string,
  status: number,
  text: string,
  requestId: string | undefined,
  retryAfterMs: number | undefined,
  attempt: number,
  refreshed: boolean,
): FhirActionError {
  const outcome = parseOperationOutcome(text);
  const idempotent = method === 'GET';
  // 4xx, 429 and a 503 with Retry-After mean the server did not process the request.
  const notProcessed =
    (status >= 400 && status < 500) || (status === 503 && retryAfterMs !== undefined);
  const mayHaveSucceeded = idempotent ? undefined : !notProcessed;
  let hint = '';
  if (status === 401) {
    hint = ` Cerner rejected the access token${refreshed ? ' twice (it was refreshed once)' : ''}: check the tenant and that the app is enabled for it.`;
  } else if (status === 403) {
    hint =
      ' Cerner refused it: the scope is not granted for this resource, or the tenant is not valid or not enabled for the app.';
  } else if (status >= 300 && status < 400) {
    hint = ' Cerner does not redirect FHIR calls: check fhirBaseUrl.';
  }
  if (mayHaveSucceeded) {
    hint +=
      ' The create may have happened: search for the resource before trying again (not retried automatically).';
  } else if (!idempotent && (status === 429 || status >= 500)) {
    hint += ` The server did not process it; not retried automatically (a POST)${retryAfterMs !== undefined ? `: try again after ${Math.ceil(retryAfterMs / 1000)} s` : ''}.`;
  } else if (idempotent && attempt > 0) hint += ` Gave up after ${attempt + 1} attempts.`;
  return new FhirActionError(
    codeForStatus(status),
    `${method} ${resourceType} failed: HTTP ${status}${summarizeOutcome(outcome)}.${hint}`,
    {
      status,
      method,
      url: url,
      retryable: idempotent && (RETRY_STATUS.has(status) || status === 408),
      ...(requestId ? { requestId } : {}),
      ...(outcome ? { operationOutcome: outcome } : {}),
      ...(mayHaveSucceeded !== undefined ? { mayHaveSucceeded } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    },
  );
}

/**
 * The `aborted` error of a request: for a POST, whether the create may have happened.
 *
 * @param method - GET or POST
 * @param resourceType - for the message
 * @param url - the URL as requested (the error redacts it)
 * @param reason - the signal's reason
 * @param inFlight - true when the request was being sent or answered
 * @returns the error (not thrown)
 * @example
 * ```ts
 * throw abortedError('POST', 'Patient', url, signal.reason, true);
 * ```
 * @internal
 */
export function abortedError(
  method: FhirMethod,
  resourceType: string,
  url: string,
  reason: unknown,
  inFlight: boolean,
): FhirActionError {
  const post = method === 'POST';
  const tail = !post
    ? ''
    : inFlight
      ? ': the create may have happened. Search for the resource before trying again'
      : ': nothing was sent';
  return new FhirActionError(
    'aborted',
    `${method} ${resourceType} aborted by the caller's signal${tail}`,
    {
      method,
      url: url,
      retryable: !post || !inFlight,
      cause: reason,
      ...(post ? { mayHaveSucceeded: inFlight } : {}),
    },
  );
}
