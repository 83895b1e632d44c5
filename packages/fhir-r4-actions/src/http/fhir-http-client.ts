import type { AccessToken } from '@cerner-kit/smart-auth';
import { FhirActionError } from '../errors.js';
import { logRequest } from '../logger.js';
import type { FhirRequest, FhirResponse } from './fhir-request.js';
import { abortedError, noResponseError, parseBody, statusError } from './response-errors.js';
import { backoffMs, parseRetryAfter } from './retry-after.js';
import { RETRY_STATUS, retryDelayMs, wait } from './retry-policy.js';
import { getAccessToken, type TokenSourceOptions } from './token-source.js';
import { checkHeaders, sendOnce, type TransportOptions } from './transport.js';
import { NOOP_FHIR_TELEMETRY, type FhirTelemetry } from '../telemetry/fhir-telemetry.js';

export type { FhirMethod, FhirRequest, FhirResponse, RetryOptions } from './fhir-request.js';
export { missingScopeError } from './token-source.js';

/**
 * Options of {@link FhirHttpClient}: the token source's (auth, scopes, retry, logger, sleep), the
 * transport's (fetch, timeoutMs), the base and the clock.
 * @internal
 */
export interface FhirHttpClientOptions extends TokenSourceOptions, TransportOptions {
  baseUrl: string;
  /** Clock, epoch ms: durations and Retry-After dates. */
  now: () => number;
  /** Spans, events and metrics of each attempt (default: none). */
  telemetry?: FhirTelemetry;
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
   * A token for the client's scopes that covers `required` (see `getAccessToken`).
   *
   * @param required - scopes to check (none by default)
   * @param signal - ends a retry wait (and is checked around the token request)
   * @returns the access token
   * @throws {@link FhirActionError} `auth_failed`, `missing_scope`, `aborted`
   * @example
   * ```ts
   * const token = await http.token(['system/Patient.read']);
   * ```
   */
  token(required: readonly string[] = [], signal?: AbortSignal): Promise<AccessToken> {
    return getAccessToken(this.#o, required, signal);
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

    const tel = this.#o.telemetry ?? NOOP_FHIR_TELEMETRY;
    let token = await freshToken();
    let refreshed = false;
    for (let attempt = 0, sends = 0; ; sends += 1) {
      const started = this.#o.now();
      const traced = tel.attempt(method, url, sends);
      const headers = traced.headers ? { ...extraHeaders, ...traced.headers } : extraHeaders;
      const sent = await traced.run(() =>
        sendOnce(this.#o, url, method, token.accessToken, body, headers, signal),
      );
      const durationMs = this.#o.now() - started;
      if (sent.kind === 'failed') traced.failure(sent.code);
      else {
        traced.response(
          sent.res.status,
          sent.res.headers.get('x-request-id') ??
            sent.res.headers.get('opc-request-id') ??
            undefined,
        );
      }

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
          tel.retry(sent.code === 'timeout' ? 'timeout' : 'network', wait, false);
          await pause(wait);
          attempt += 1;
          continue;
        }
        throw noResponseError(method, resourceType, url, sent, attempt, this.#o.timeoutMs);
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
          body: parseBody(text, method, resourceType, url, res.status, requestId),
          ...(requestId ? { requestId } : {}),
        };
      }
      if (res.status === 401 && !refreshed) {
        // Expired early or revoked: drop the token and try once more with a new one. A 401 means
        // the request was not processed, so this is safe for a POST too.
        // Awaited: a shared token store must drop the refused token before we ask for a new one.
        await this.#o.auth.invalidate(token.accessToken);
        tel.tokenRefresh();
        refreshed = true;
        token = await freshToken();
        continue;
      }
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.#o.now());
      if (idempotent && RETRY_STATUS.has(res.status) && attempt < retries) {
        const wait = retryDelayMs(attempt, this.#o.retry, retryAfterMs, this.#o.random);
        logRequest(log, 'warn', 'cerner-fhir: retrying', {
          method,
          resourceType,
          status: res.status,
          requestId,
          attempt,
          retryInMs: wait,
        });
        tel.retry('status', wait, retryAfterMs !== undefined, res.status);
        await pause(wait);
        attempt += 1;
        continue;
      }
      throw statusError(
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
