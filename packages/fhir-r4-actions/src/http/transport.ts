import { timedFetch } from '@cerner-kit/core';
import { FhirActionError } from '../errors.js';
import type { FhirMethod } from './fhir-request.js';

/**
 * What one exchange ended with: a response and its body text, or why there was none.
 * @internal
 */
export type SendResult =
  | { kind: 'response'; res: Response; text: string }
  | {
      kind: 'failed';
      code: 'timeout' | 'network' | 'aborted';
      notSent: boolean;
      cause: unknown;
    };

/**
 * What the transport needs from the client.
 * @internal
 */
export interface TransportOptions {
  fetch: typeof fetch;
  /** Per request, including reading the body. */
  timeoutMs: number;
}

/** Headers the layer owns: a caller's `headers` may not set them. */
const OWN_HEADERS = new Set(['authorization', 'accept', 'content-type']);

/**
 * Checks a request's extra headers: names and values `Headers` accepts, none of the layer's.
 *
 * @param headers - `FhirRequest.headers`
 * @returns the headers, or undefined when none were given
 * @throws {@link FhirActionError} `invalid_input` naming `headers.<name>`
 * @example
 * ```ts
 * checkHeaders({ Prefer: 'handling=strict' });
 * ```
 * @internal
 */
export function checkHeaders(headers: unknown): Record<string, string> | undefined {
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
 * One exchange: FHIR JSON headers and the bearer token, the caller's headers, never following a
 * redirect, the body read within `timeoutMs`, the caller's signal folded in (core's
 * `timedFetch`). Never throws: the result says what happened.
 *
 * @param o - fetch and the time limit
 * @param url - the absolute URL
 * @param method - GET or POST
 * @param accessToken - the bearer token
 * @param body - the JSON text to send, for a POST
 * @param extraHeaders - checked extra headers
 * @param signal - the caller's signal
 * @returns the response and its text, or the failure (`timeout`, `aborted`, `network`)
 * @example
 * ```ts
 * const sent = await sendOnce({ fetch, timeoutMs: 30_000 }, url, 'GET', token, undefined, undefined, undefined);
 * ```
 * @internal
 */
export async function sendOnce(
  o: TransportOptions,
  url: string,
  method: FhirMethod,
  accessToken: string,
  body: string | undefined,
  extraHeaders: Record<string, string> | undefined,
  signal: AbortSignal | undefined,
): Promise<SendResult> {
  const sent = await timedFetch({
    fetch: o.fetch,
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
    timeoutMs: o.timeoutMs,
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
