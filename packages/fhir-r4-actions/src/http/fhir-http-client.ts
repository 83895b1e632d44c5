import { missingScopes, SmartAuthError, type AccessToken, type BackendAuth, type Logger } from '@cerner-kit/smart-auth';
import { FhirActionError, type FhirActionErrorCode } from '../errors.js';
import { asOperationOutcome, summarizeOutcome } from './operation-outcome.js';
import { backoffMs, parseRetryAfter } from './retry-after.js';

/** Retry policy for idempotent requests (GET). POSTs are never retried blindly. */
export interface RetryOptions {
  /** Extra attempts after the first (default 2). */
  retries?: number;
  /** Backoff base (default 200 ms). */
  baseDelayMs?: number;
  /** Longest wait, also caps `Retry-After` (default 10,000 ms). */
  maxDelayMs?: number;
}

/** Options of the HTTP layer. @internal */
export interface FhirHttpOptions {
  baseUrl: string;
  auth: BackendAuth;
  scopes: readonly string[];
  fetch: typeof fetch;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** One request through the layer. @internal */
export interface FhirRequest {
  method: 'GET' | 'POST';
  /** Relative to the base (`Patient/1`, `Patient?identifier=…`) or an absolute URL on the base's origin. */
  path: string;
  body?: unknown;
  /** Scopes the action needs; checked against the token before the request. */
  requiredScopes: readonly string[];
  /** For logs and messages only. */
  resourceType: string;
}

/** A successful response. @internal */
export interface FhirResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

function codeFor(status: number): FhirActionErrorCode {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 422) return 'unprocessable';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'bad_response';
}

/** The URL without its query string: query values (MRNs, names) are patient data. */
export function redactUrl(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : `${url.slice(0, i)}?…`;
}

/**
 * Where every FHIR request enters and leaves: token (cached, single flight, scope-checked),
 * headers, timeout, retries for GET, one token refresh on 401, errors with Cerner's
 * OperationOutcome and X-Request-Id.
 * @internal
 */
export class FhirHttp {
  readonly #o: FhirHttpOptions;
  readonly #origin: string;

  constructor(options: FhirHttpOptions) {
    this.#o = options;
    this.#origin = new URL(options.baseUrl).origin;
  }

  /** A token that covers `required`; throws `missing_scope` naming what the Cerner app lacks. */
  async token(required: readonly string[]): Promise<AccessToken> {
    let token: AccessToken;
    try {
      token = await this.#o.auth.getToken(this.#o.scopes);
    } catch (cause) {
      const code = SmartAuthError.isInstance(cause) ? cause.code : 'unknown';
      const retryable = SmartAuthError.isInstance(cause) && cause.retryable;
      throw new FhirActionError('auth_failed', `Could not get a Cerner access token (${code})${cause instanceof Error ? `: ${cause.message}` : ''}`, {
        retryable,
        ...(SmartAuthError.isInstance(cause) && cause.status !== undefined ? { status: cause.status } : {}),
        cause,
      });
    }
    const missing = missingScopes(token.scopes, required);
    if (missing.length > 0) {
      throw new FhirActionError(
        'missing_scope',
        `The Cerner app is not granted ${missing.join(', ')}. Add ${missing.length > 1 ? 'them' : 'it'} to the system account's scopes in Cerner Code Console (the token was granted: ${token.scopes.join(' ') || 'nothing'}).`,
        { missingScopes: missing },
      );
    }
    return token;
  }

  /** Resolves a path against the base; an absolute URL must stay on the base's origin. */
  resolve(path: string): string {
    if (/^https?:\/\//i.test(path)) {
      if (new URL(path).origin !== this.#origin) {
        throw new FhirActionError('bad_response', `Refusing to follow a link to another origin (${new URL(path).origin}); the token is only sent to ${this.#origin}`);
      }
      return path;
    }
    return `${this.#o.baseUrl.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  }

  async request(req: FhirRequest): Promise<FhirResponse> {
    const url = this.resolve(req.path);
    const safeUrl = redactUrl(url);
    const idempotent = req.method === 'GET';
    let token = await this.token(req.requiredScopes);
    let refreshed = false;
    for (let attempt = 0; ; attempt += 1) {
      const started = this.#o.now();
      let res: Response;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.#o.timeoutMs);
      let text: string;
      try {
        res = await this.#o.fetch(url, {
          method: req.method,
          headers: {
            Accept: 'application/fhir+json',
            Authorization: `Bearer ${token.accessToken}`,
            ...(req.body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}),
          },
          ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
          signal: controller.signal,
        });
        text = await res.text();
      } catch (cause) {
        clearTimeout(timer);
        const timedOut = controller.signal.aborted;
        const code = timedOut ? 'timeout' : 'network';
        this.#o.logger.warn('cerner-fhir: request failed', { method: req.method, resourceType: req.resourceType, code, attempt });
        if (idempotent && attempt < this.#o.retry.retries) {
          await this.#o.sleep(backoffMs(attempt, this.#o.retry.baseDelayMs, this.#o.retry.maxDelayMs));
          continue;
        }
        throw new FhirActionError(
          code,
          idempotent
            ? `${req.method} ${req.resourceType} ${timedOut ? `timed out after ${this.#o.timeoutMs} ms` : 'failed: no response'} (after ${attempt + 1} attempts)`
            : `${req.method} ${req.resourceType} ${timedOut ? 'timed out' : 'failed'} with no response: the create may have happened. Search for the resource before trying again.`,
          { method: req.method, url: safeUrl, retryable: idempotent, mayHaveSucceeded: !idempotent, cause },
        );
      } finally {
        clearTimeout(timer);
      }
      const requestId = res.headers.get('x-request-id') ?? undefined;
      this.#o.logger.debug('cerner-fhir: response', {
        method: req.method,
        resourceType: req.resourceType,
        status: res.status,
        durationMs: this.#o.now() - started,
        requestId,
        attempt,
      });
      if (res.ok) {
        let body: unknown = undefined;
        if (text !== '') {
          try {
            body = JSON.parse(text) as unknown;
          } catch (cause) {
            throw new FhirActionError('bad_response', `${req.method} ${req.resourceType}: the response is not JSON`, { status: res.status, method: req.method, url: safeUrl, ...(requestId ? { requestId } : {}), cause });
          }
        }
        return { status: res.status, headers: res.headers, body };
      }
      if (res.status === 401 && !refreshed) {
        // The token expired or was revoked early: drop it and retry once with a new one.
        this.#o.auth.invalidate(token.accessToken);
        token = await this.token(req.requiredScopes);
        refreshed = true;
        attempt -= 1;
        continue;
      }
      if (idempotent && RETRYABLE_STATUS.has(res.status) && attempt < this.#o.retry.retries) {
        const wait = parseRetryAfter(res.headers.get('retry-after'), this.#o.now()) ?? backoffMs(attempt, this.#o.retry.baseDelayMs, this.#o.retry.maxDelayMs);
        await this.#o.sleep(Math.min(wait, this.#o.retry.maxDelayMs));
        continue;
      }
      let parsed: unknown;
      try {
        parsed = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        parsed = undefined;
      }
      const outcome = asOperationOutcome(parsed);
      const code = codeFor(res.status);
      // A 429, or a 503 with Retry-After, means the server did not take the request on.
      const notProcessed = res.status === 429 || (res.status === 503 && res.headers.has('retry-after')) || res.status < 500;
      const mayHaveSucceeded = idempotent ? undefined : !notProcessed;
      const hint =
        res.status === 403
          ? ' Cerner refused the scope or the tenant: check the app registration.'
          : mayHaveSucceeded
            ? ' The create may have happened: search for the resource before trying again.'
            : !idempotent && res.status >= 500
              ? ' Not retried automatically (a POST); retry later.'
              : '';
      throw new FhirActionError(code, `${req.method} ${req.resourceType} failed: HTTP ${res.status}${summarizeOutcome(outcome)}.${hint}`, {
        status: res.status,
        method: req.method,
        url: safeUrl,
        retryable: idempotent ? RETRYABLE_STATUS.has(res.status) || res.status >= 500 : false,
        ...(requestId ? { requestId } : {}),
        ...(outcome ? { operationOutcome: outcome } : {}),
        ...(mayHaveSucceeded !== undefined ? { mayHaveSucceeded } : {}),
      });
    }
  }
}
