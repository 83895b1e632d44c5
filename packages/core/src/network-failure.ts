/**
 * Error codes (Node / undici) raised before any byte of a request left: the request was
 * certainly not sent, so even a create is safe to send again.
 *
 * @example
 * ```ts
 * NOT_SENT_CODES.has('ECONNREFUSED'); // true
 * ```
 */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** How deep the cause chain is searched (`fetch failed` -> undici error -> system error). */
const CAUSE_DEPTH = 4;

/**
 * The system or undici error code in a failure's cause chain (`ECONNREFUSED`,
 * `UND_ERR_SOCKET` …): fetch's own message is only "fetch failed".
 *
 * @param cause - what fetch (or a socket) threw
 * @returns the first code of the form `E…` or `UND_ERR_…`, or undefined
 * @example
 * ```ts
 * failureCode(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }));
 * // 'ECONNREFUSED'
 * ```
 */
export function failureCode(cause: unknown): string | undefined {
  let e: unknown = cause;
  for (let depth = 0; depth < CAUSE_DEPTH && typeof e === 'object' && e !== null; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * True when the failure happened while connecting (see {@link NOT_SENT_CODES}), so the request
 * was certainly not sent.
 *
 * @param cause - what fetch threw
 * @returns whether any code in the cause chain is a not-sent code
 * @example
 * ```ts
 * if (method === 'POST' && isNotSent(cause)) console.log('nothing was created; safe to resend');
 * ```
 */
export function isNotSent(cause: unknown): boolean {
  let e: unknown = cause;
  for (let depth = 0; depth < CAUSE_DEPTH && typeof e === 'object' && e !== null; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
