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
