import {
  missingScopes,
  SmartAuthError,
  type AccessToken,
  type BackendAuth,
} from '@cerner-kit/smart-auth';
import { failureCode, timedFetch } from '@cerner-kit/core';
import { FhirActionError, type FhirActionErrorCode } from '../errors.js';
import { logRequest, type Logger } from '../logger.js';
import { parseOperationOutcome, summarizeOutcome } from './operation-outcome.js';
import { backoffMs, parseRetryAfter } from './retry-after.js';

/**
 * Retry policy for idempotent requests (GET). POSTs are never retried blindly.
 *
 * @example
 * ```ts
 * createCernerClient({ tenantId, environment: 'production', auth, retry: { retries: 4, maxDelayMs: 30_000 } });
 * ```
 */
export interface RetryOptions {
  /** Extra attempts after the first (default 2; 0 disables retries). */
  retries?: number;
  /** Backoff base when Cerner gives no `Retry-After` (default 250 ms). */
  baseDelayMs?: number;
  /** Longest single wait; also caps `Retry-After` (default 10,000 ms). */
  maxDelayMs?: number;
}

/**
 * HTTP methods of the layer: reads and creates.
 *
 * @example
 * ```ts
 * const method: FhirMethod = 'GET';
 * ```
 */
export type FhirMethod = 'GET' | 'POST';

/**
 * One request through the layer (also the input of `client.request`).
 *
 * @example
 * ```ts
 * await client.request({ method: 'GET', path: 'Patient?family=Smart', requiredScopes: ['system/Patient.read'] });
 * ```
 */
export interface FhirRequest {
  method: FhirMethod;
  /**
   * Relative to the FHIR base (`Patient/12724066`, `Patient?identifier=…`, already
   * percent-encoded) or an absolute URL on the base's origin (a `next` link).
   */
  path: string;
  /** A JSON body (a FHIR resource), sent as `application/fhir+json`. */
  body?: unknown;
  /** Scopes the token must cover; checked before the request (`missing_scope` otherwise). */
  requiredScopes?: readonly string[];
  /** For logs and messages; derived from the path when absent. */
  resourceType?: string;
  /**
   * Extra request headers (`Prefer`, `If-None-Exist`, a correlation id…). The layer's own
   * (`Authorization`, `Accept`, `Content-Type`) cannot be replaced.
   */
  headers?: Readonly<Record<string, string>>;
  /** Aborts the in-flight request and any retry wait (`aborted` error). */
  signal?: AbortSignal;
}

/**
 * A 2xx response.
 *
 * @example
 * ```ts
 * const res: FhirResponse = await client.request({ method: 'GET', path: 'metadata' });
 * res.headers.get('etag');
 * ```
 */
export interface FhirResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when the body was empty. */
  body: unknown;
  /** Cerner's `X-Request-Id`. */
  requestId?: string;
}

/** Options of {@link FhirHttpClient}. @internal */
export interface FhirHttpClientOptions {
  baseUrl: string;
  auth: BackendAuth;
  /** Scopes to request from `auth.getToken`. */
  scopes: readonly string[];
  fetch: typeof fetch;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  logger: Logger;
  /** Waits between retries; the request's signal ends the wait even when this ignores it. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random?: () => number;
}

/** Statuses after which a GET is retried. */
const RETRY_STATUS = new Set([429, 502, 503, 504]);
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

type SendResult =
  | { kind: 'response'; res: Response; text: string }
  | {
      kind: 'failed';
      code: 'timeout' | 'network' | 'aborted';
      notSent: boolean;
      cause: unknown;
    };

/** Headers the layer owns: a caller's `headers` may not set them. */
const OWN_HEADERS = new Set(['authorization', 'accept', 'content-type']);

/** Checks a request's extra headers: names and values Headers accepts, none of the layer's. */
function checkHeaders(headers: unknown): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new FhirActionError('invalid_input', 'headers: expected an object of strings', {
      field: 'headers',
    });
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const field = `headers.${name}`;
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new FhirActionError('invalid_input', 'headers: a header name is not a valid token', {
        field: 'headers',
      });
    }
    if (OWN_HEADERS.has(name.toLowerCase())) {
      throw new FhirActionError(
        'invalid_input',
        `${field}: set by the client itself and cannot be replaced`,
        { field },
      );
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new FhirActionError(
        'invalid_input',
        `${field}: expected a string without CR, LF or NUL`,
        {
          field,
        },
      );
    }
    out[name] = value;
  }
  return out;
}

/**
 * Waits with `sleep`, ending early when `signal` aborts.
 *
 * @returns true when the wait ran out, false when the signal ended it
 */
function wait(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (!signal) return sleep(ms).then(() => true);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve, reject) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms, signal).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * The owned HTTP layer every FHIR call goes through: bearer token from `auth` (scope-checked),
 * FHIR JSON headers, a per-request timeout, GET retries on network errors / 429 / 502-504
 * honouring `Retry-After`, never a blind POST retry, one token refresh on 401, errors carrying
 * Cerner's OperationOutcome and `X-Request-Id`, and logs without URLs, bodies or tokens.
 *
 * @example
 * ```ts
 * const http = new FhirHttpClient({ baseUrl, auth, scopes, fetch, timeoutMs: 30_000, retry, logger, sleep, now });
 * const res = await http.request({ method: 'GET', path: 'Patient/12724066' });
 * ```
 */
export class FhirHttpClient {
  /** The FHIR base, without a trailing slash. */
  readonly baseUrl: string;
  readonly #o: FhirHttpClientOptions;
  readonly #origin: string;
  readonly #basePath: string;

  /**
   * @param options - see {@link FhirHttpClientOptions}
   */
  constructor(options: FhirHttpClientOptions) {
    this.#o = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const u = new URL(this.baseUrl);
    this.#origin = u.origin;
    this.#basePath = u.pathname.replace(/\/+$/, '');
  }

  /**
   * A token for the client's scopes that covers `required`.
   *
   * @param required - scopes to check (none by default)
   * @param signal - ends a retry wait (and is checked around the token request)
   * @returns the access token
   * @throws {@link FhirActionError} `auth_failed` when no token could be had; `missing_scope`
   *   naming what the Cerner app lacks; `aborted` when `signal` fired (nothing was sent)
   * @example
   * ```ts
   * const token = await http.token(['system/Patient.read']);
   * ```
   */
  async token(required: readonly string[] = [], signal?: AbortSignal): Promise<AccessToken> {
    const { retries, baseDelayMs, maxDelayMs } = this.#o.retry;
    let token: AccessToken;
    for (let attempt = 0; ; attempt += 1) {
      if (signal?.aborted) throw tokenAborted(signal.reason);
      try {
        token = await this.#o.auth.getToken(this.#o.scopes);
        break;
      } catch (cause) {
        const smart = SmartAuthError.isInstance(cause) ? cause : undefined;
        // Nothing has reached the FHIR server yet, so a transient token failure (network,
        // timeout, 429, 5xx) is retried for writes too, with the same budget as GETs.
        if (smart?.retryable === true && attempt < retries) {
          const ms = backoffMs(attempt, baseDelayMs, maxDelayMs, this.#o.random);
          logRequest(this.#o.logger, 'warn', 'cerner-fhir: token request failed, retrying', {
            method: 'POST',
            resourceType: 'token',
            code: smart.code,
            ...(smart.status !== undefined ? { status: smart.status } : {}),
            attempt,
            retryInMs: ms,
          });
          if (!(await wait(this.#o.sleep, ms, signal))) throw tokenAborted(signal?.reason);
          continue;
        }
        const detail = cause instanceof Error ? `: ${cause.message}` : '';
        const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
        throw new FhirActionError(
          'auth_failed',
          `Could not get a Cerner access token${tries} (${smart?.code ?? 'error'})${detail}`,
          {
            retryable: smart?.retryable ?? false,
            ...(smart?.status !== undefined ? { status: smart.status } : {}),
            cause,
          },
        );
      }
    }
    if (signal?.aborted) throw tokenAborted(signal.reason);
    const missing = missingScopes(token.scopes, required);
    if (missing.length > 0) throw missingScopeError(missing, token, this.#o.scopes);
    return token;
  }

  /**
   * Resolves a request path against the base. An absolute URL must be on the base's origin:
   * the token is never sent anywhere else.
   *
   * @param path - relative path or absolute URL
   * @returns the absolute URL
   * @throws {@link FhirActionError} `bad_response` for another origin
   * @example
   * ```ts
   * http.resolve('Patient/1'); // 'https://fhir-ehr-code.cerner.com/r4/{tenant}/Patient/1'
   * ```
   */
  resolve(path: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
      let u: URL;
      try {
        u = new URL(path, this.baseUrl);
      } catch (cause) {
        throw new FhirActionError(
          'bad_response',
          'The server returned a link that is not a valid URL',
          { cause },
        );
      }
      if (u.origin !== this.#origin) {
        throw new FhirActionError(
          'bad_response',
          `Refusing to follow a link to another origin (${u.protocol}//${u.host}): the access token is only sent to ${this.#origin}`,
        );
      }
      return u.href;
    }
    return `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
  }

  /**
   * Sends one request with the layer's policies (see the class summary).
   *
   * @param req - method, path, body and scopes
   * @returns the 2xx response with its parsed body
   * @throws {@link FhirActionError} with the code for the status (`not_found`, `unprocessable`…),
   *   `timeout` / `network` without a response, `bad_response` for a body that is not JSON,
   *   `auth_failed` / `missing_scope` before sending
   * @example
   * ```ts
   * const res = await http.request({ method: 'POST', path: 'Patient', body: patient });
   * res.headers.get('location');
   * ```
   */
  async request(req: FhirRequest): Promise<FhirResponse> {
    const method = req.method;
    if (method !== 'GET' && method !== 'POST') {
      throw new FhirActionError('invalid_input', `method: expected GET or POST`, {
        field: 'method',
      });
    }
    if (typeof req.path !== 'string' || req.path === '') {
      throw new FhirActionError('invalid_input', 'path: required', { field: 'path' });
    }
    const extraHeaders = checkHeaders(req.headers);
    const url = this.resolve(req.path);
    const resourceType = req.resourceType ?? this.#resourceTypeOf(url);
    const idempotent = method === 'GET';
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const { retries, baseDelayMs, maxDelayMs } = this.#o.retry;
    const log = this.#o.logger;
    const signal = req.signal;
    const aborted = (reason: unknown, inFlight: boolean): FhirActionError =>
      abortedError(method, resourceType, url, reason, inFlight);
    /** A retry wait the caller's signal can end. */
    const pause = async (ms: number): Promise<void> => {
      if (!(await wait(this.#o.sleep, ms, signal))) throw aborted(signal?.reason, false);
    };
    const freshToken = async (): Promise<AccessToken> => {
      try {
        return await this.token(req.requiredScopes, signal);
      } catch (e) {
        if (FhirActionError.isInstance(e) && e.code === 'aborted') throw aborted(e.cause, false);
        throw e;
      }
    };

    let token = await freshToken();
    let refreshed = false;
    for (let attempt = 0; ;) {
      const started = this.#o.now();
      const sent = await this.#send(url, method, token.accessToken, body, extraHeaders, signal);
      const durationMs = this.#o.now() - started;

      if (sent.kind === 'failed' && sent.code === 'aborted') {
        logRequest(log, 'warn', 'cerner-fhir: aborted', {
          method,
          resourceType,
          durationMs,
          attempt,
          code: sent.code,
        });
        throw aborted(sent.cause, true);
      }
      if (sent.kind === 'failed') {
        // Only GETs are retried; a POST that certainly was not sent is reported as safe to resend.
        const canRetry = idempotent && attempt < retries;
        const wait = canRetry
          ? backoffMs(attempt, baseDelayMs, maxDelayMs, this.#o.random)
          : undefined;
        logRequest(log, 'warn', 'cerner-fhir: no response', {
          method,
          resourceType,
          durationMs,
          attempt,
          code: sent.code,
          ...(wait !== undefined ? { retryInMs: wait } : {}),
        });
        if (wait !== undefined) {
          await pause(wait);
          attempt += 1;
          continue;
        }
        throw this.#noResponseError(method, resourceType, url, sent, attempt);
      }

      const { res, text } = sent;
      const requestId =
        res.headers.get('x-request-id') ?? res.headers.get('opc-request-id') ?? undefined;
      logRequest(log, 'debug', 'cerner-fhir: response', {
        method,
        resourceType,
        status: res.status,
        durationMs,
        requestId,
        attempt,
      });

      // fetch never hands back a 1xx, so below 300 is a success.
      if (res.status < 300) {
        return {
          status: res.status,
          headers: res.headers,
          body: this.#parseBody(text, method, resourceType, url, res.status, requestId),
          ...(requestId ? { requestId } : {}),
        };
      }
      if (res.status === 401 && !refreshed) {
        // Expired early or revoked: drop the token and try once more with a new one. A 401 means
        // the request was not processed, so this is safe for a POST too.
        // Awaited: a shared token store must drop the refused token before we ask for a new one.
        await this.#o.auth.invalidate(token.accessToken);
        refreshed = true;
        token = await freshToken();
        continue;
      }
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.#o.now());
      if (idempotent && RETRY_STATUS.has(res.status) && attempt < retries) {
        const wait = Math.min(
          retryAfterMs ?? backoffMs(attempt, baseDelayMs, maxDelayMs, this.#o.random),
          maxDelayMs,
        );
        logRequest(log, 'warn', 'cerner-fhir: retrying', {
          method,
          resourceType,
          status: res.status,
          requestId,
          attempt,
          retryInMs: wait,
        });
        await pause(wait);
        attempt += 1;
        continue;
      }
      throw this.#statusError(
        method,
        resourceType,
        url,
        res.status,
        text,
        requestId,
        retryAfterMs,
        attempt,
        refreshed,
      );
    }
  }

  async #send(
    url: string,
    method: FhirMethod,
    accessToken: string,
    body: string | undefined,
    extraHeaders: Record<string, string> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<SendResult> {
    const sent = await timedFetch({
      fetch: this.#o.fetch,
      url,
      init: {
        method,
        headers: {
          ...extraHeaders,
          Accept: 'application/fhir+json',
          Authorization: `Bearer ${accessToken}`,
          ...(body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
        // A redirect is unexpected from Cerner's FHIR API; never let fetch carry the token along.
        redirect: 'manual',
      },
      timeoutMs: this.#o.timeoutMs,
      read: (res) => res.text(),
      ...(signal !== undefined ? { signal } : {}),
    });
    if (sent.ok) return { kind: 'response', res: sent.response, text: sent.value };
    return {
      kind: 'failed',
      code: sent.failure,
      notSent: sent.notSent,
      cause: sent.failure === 'aborted' ? signal?.reason : sent.cause,
    };
  }

  #parseBody(
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

  #noResponseError(
    method: FhirMethod,
    resourceType: string,
    url: string,
    sent: Extract<SendResult, { kind: 'failed' }>,
    attempt: number,
  ): FhirActionError {
    const failure = failureCode(sent.cause);
    const what =
      sent.code === 'timeout'
        ? `timed out after ${this.#o.timeoutMs} ms`
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

  #statusError(
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

  /** `Patient` from `…/r4/{tenant}/Patient?identifier=…`; never an id or a query value. */
  #resourceTypeOf(url: string): string {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return 'unknown';
    }
    const rest = path.startsWith(`${this.#basePath}/`)
      ? path.slice(this.#basePath.length + 1)
      : path.replace(/^\/+/, '');
    const first = rest.split('/')[0] ?? '';
    return /^[A-Z][A-Za-z]{1,63}$/.test(first) ? first : 'unknown';
  }
}

/**
 * The `missing_scope` error: which scopes, and what to do about them.
 *
 * @param missing - scopes the token lacks, as the action names them
 * @param token - the token that lacks them
 * @param requested - the scopes the client asked for
 * @returns the error (not thrown)
 * @example
 * ```ts
 * throw missingScopeError(['system/Patient.write'], token, clientScopes);
 * ```
 * @internal
 */
export function missingScopeError(
  missing: readonly string[],
  token: AccessToken,
  requested: readonly string[],
): FhirActionError {
  const list = missing.join(', ');
  const granted = token.scopes.length > 0 ? token.scopes.join(' ') : 'nothing';
  const notRequested = missing.filter((m) => missingScopes(requested, [m]).length > 0);
  const them = missing.length > 1 ? 'them' : 'it';
  const message =
    notRequested.length > 0
      ? `This client did not request ${notRequested.join(', ')}: add ${notRequested.length > 1 ? 'them' : 'it'} to the \`scopes\` option of createCernerClient, and make sure the system account has ${them} in Cerner Code Console (the token was granted: ${granted}).`
      : `The Cerner app is not granted ${list}. Add ${them} to the system account's scopes in Cerner Code Console (the token was granted: ${granted}).`;
  return new FhirActionError('missing_scope', message, { missingScopes: [...missing] });
}

/** `aborted` from the token step: the request was not sent. */
function tokenAborted(reason: unknown): FhirActionError {
  return new FhirActionError(
    'aborted',
    "Aborted by the caller's signal while getting an access token: nothing was sent",
    { retryable: true, cause: reason },
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
 */
function abortedError(
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
