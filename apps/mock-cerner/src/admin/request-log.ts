import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { fhirBasePath } from '../config.js';
import { setCernerHeaders } from '../fhir/cerner-headers.js';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';

/**
 * One logged request. Headers and query parameters are kept with credentials redacted; bodies are
 * never kept (PHI).
 */
export interface RequestLogEntry {
  /** When the response ended (ISO). */
  at: string;
  method: string;
  path: string;
  /** HTTP status, or 0 when the connection closed without a response. */
  status: number;
  durationMs: number;
  clientId?: string;
  requestId?: string;
  /** The trace id of a valid W3C `traceparent` header (32 hex digits). */
  traceId?: string;
  /** The `X-Correlation-Id` header (at most 128 characters of letters, digits and `._:-`). */
  correlationId?: string;
  fault?: string;
  headers: Record<string, string>;
  /** The response's headers (`Set-Cookie` redacted), when a response was sent. */
  responseHeaders?: Record<string, string>;
  /**
   * The body of an error response (status 400 and up) the mock generated, e.g. the
   * OperationOutcome naming the rule that fired; at most {@link MAX_ERROR_BODY} characters.
   */
  errorBody?: string;
}

/**
 * One HL7 message received by the MLLP listener. Only transport facts: never the message, a
 * segment or a field of patient data (no MRN, name or note text). MSH-10 is the sender's message
 * id, not patient data.
 */
export interface MllpLogEntry {
  /** When the exchange ended: the reply was sent, the connection dropped, or the reply withheld (ISO). */
  at: string;
  protocol: 'mllp';
  /** MSH-9.1 and 9.2, e.g. `ORU^R01`; `''` when the frame did not parse. */
  messageType: string;
  /** MSH-10, when it could be read. */
  controlId?: string;
  /** The MSA-1 answered (`AA`, `AE`, `AR`, `CA`, `CE`, `CR`), or `dropped` / `no reply`. */
  ack: string;
  durationMs: number;
  /** Size of the received frame's payload (UTF-8 bytes). */
  bytes: number;
  /** Size of the reply's payload, when one was sent. */
  replyBytes?: number;
  /** The listener's sequential connection id (one TCP connection, from 1). */
  connectionId?: number;
  /** The DocumentReference the message was stored as, or the earlier one it duplicated. */
  documentReferenceId?: string;
  /** True when the message was a retransmission of a stored document (answered without storing). */
  duplicate?: true;
  /** The injected fault, e.g. `ack AE`, `drop after store`, `latency 50 ms`. */
  fault?: string;
  /** Bytes the listener dropped without a frame (`garbage`, `oversized`, `unterminated`). */
  frameError?: string;
  /**
   * The reply's MSH, MSA and ERR segments only (no patient data: a query reply's PID and the
   * rest are left out), segments separated by `\r`; at most {@link MAX_ERROR_BODY} characters.
   */
  ackText?: string;
}

/** The most characters of an error body or ACK kept in a log entry. */
export const MAX_ERROR_BODY = 4096;

/** An entry of `GET /admin/requests`: an HTTP request or an MLLP message. */
export type AnyRequestLogEntry = RequestLogEntry | MllpLogEntry;

/** Headers whose values never reach the log (the scheme word is kept, e.g. `Bearer [redacted]`). */
const REDACT = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'proxy-authorization',
  'x-api-key',
]);

/**
 * Query parameters whose values never reach the log: credentials a client may (wrongly) put in a
 * URL, e.g. RFC 6750's `access_token`, or OAuth fields sent as a query instead of a form body.
 */
const REDACT_QUERY = new Set([
  'access_token',
  'token',
  'refresh_token',
  'id_token',
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'api_key',
  'apikey',
]);

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * The path with its query as sent, except that the values of credential parameters
 * ({@link REDACT_QUERY}, matched case-insensitively) become `[redacted]`.
 *
 * @param url - the request's original URL (path and query)
 * @returns the URL to log
 * @example
 * ```ts
 * redactedUrl('/r4/t/Patient/1?access_token=abc&_format=json'); // '/r4/t/Patient/1?access_token=[redacted]&_format=json'
 * ```
 */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = decodeSafe(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      return REDACT_QUERY.has(name)
        ? `${part.slice(0, eq < 0 ? part.length : eq)}=[redacted]`
        : part;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/** Bounded in-memory request log (newest last), HTTP requests and MLLP messages in one ring. */
export interface RequestLog {
  /** Appends an HTTP entry (the oldest entries fall off past the limit). */
  add(entry: RequestLogEntry): void;
  /** Appends an MLLP entry (the oldest entries fall off past the limit). */
  addMllp(entry: MllpLogEntry): void;
  /** A copy of the HTTP entries, oldest first. */
  list(): RequestLogEntry[];
  /** A copy of every entry, HTTP and MLLP, oldest first. */
  entries(): AnyRequestLogEntry[];
  /** Every entry with its position in the log (from 1, never reused), oldest first. */
  positioned(): { seq: number; entry: AnyRequestLogEntry }[];
  /** Forgets every entry (positions keep counting up). */
  clear(): void;
  /** The position the next entry will get (a mark for `GET /admin/journal?since=`). */
  nextSeq(): number;
}

/**
 * Whether a log entry is an MLLP message.
 *
 * @param entry - an entry of `entries()`
 * @returns true for an MLLP entry
 * @example
 * ```ts
 * log.entries().filter(isMllpEntry).map((e) => e.ack);
 * ```
 */
export function isMllpEntry(entry: AnyRequestLogEntry): entry is MllpLogEntry {
  return (entry as Partial<MllpLogEntry>).protocol === 'mllp';
}

/**
 * Creates the request log behind `GET /admin/requests`.
 *
 * @param limit - how many entries to keep
 * @param onEntry - called with every entry as it is added (the `--log` access log)
 * @returns an empty log
 * @throws RangeError when `limit` is not a positive integer
 * @example
 * ```ts
 * const log = createRequestLog(500);
 * ```
 */
export function createRequestLog(
  limit = 1000,
  onEntry?: (entry: AnyRequestLogEntry) => void,
): RequestLog {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError('createRequestLog: limit must be a positive integer');
  }
  // A ring buffer: adding is O(1) however full the log is.
  let ring: AnyRequestLogEntry[] = [];
  let next = 0;
  let seq = 1;
  const add = (e: AnyRequestLogEntry): void => {
    if (ring.length < limit) ring.push(e);
    else ring[next] = e;
    next = (next + 1) % limit;
    seq += 1;
    onEntry?.(e);
  };
  const entries = (): AnyRequestLogEntry[] =>
    ring.length < limit ? [...ring] : [...ring.slice(next), ...ring.slice(0, next)];
  // The newest entry has position seq - 1, the oldest kept one seq - ring.length.
  return {
    add,
    addMllp: add,
    list: () => entries().filter((e): e is RequestLogEntry => !isMllpEntry(e)),
    entries,
    clear() {
      ring = [];
      next = 0;
    },
    nextSeq: () => seq,
    positioned: () => {
      const all = entries();
      const first = seq - all.length;
      return all.map((entry, i) => ({ seq: first + i, entry }));
    },
  };
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The trace id of a W3C `traceparent` header and the `X-Correlation-Id`, when well-formed.
 *
 * @param req - the request
 * @returns `{ traceId?, correlationId? }`
 * @example
 * ```ts
 * traceFields(req); // { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }
 * ```
 */
export function traceFields(req: Request): { traceId?: string; correlationId?: string } {
  const tp = req.headers.traceparent;
  const traceId = typeof tp === 'string' ? TRACEPARENT.exec(tp.trim())?.[1] : undefined;
  const cid = req.headers['x-correlation-id'];
  return {
    ...(traceId && !/^0+$/.test(traceId) ? { traceId } : {}),
    ...(typeof cid === 'string' && CORRELATION_ID.test(cid) ? { correlationId: cid } : {}),
  };
}

function redactedHeaders(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    if (!REDACT.has(k)) out[k] = value;
    else {
      // Keep only an auth scheme word (`Bearer`, `Basic`), never any part of the credential.
      const scheme = /^(Bearer|Basic|Digest|DPoP|Negotiate) /i.exec(value)?.[1];
      out[k] = scheme ? `${scheme} [redacted]` : '[redacted]';
    }
  }
  return out;
}

function responseHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.getHeaders())) {
    if (v === undefined) continue;
    out[k] = REDACT.has(k) ? '[redacted]' : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * Runs first for every request: applies injected faults (token and FHIR routes: status with an
 * OperationOutcome or a given body, `Retry-After`, latency, dropped connection; on FHIR paths with
 * Cerner's FHIR headers such as `X-Request-Id`), then logs the
 * request when the response finishes (method, path with query, status, duration, client id,
 * headers and query with credentials redacted; never bodies). The admin API is neither faulted nor logged.
 *
 * @param state - the mock's state (faults, request log, clock)
 * @returns the middleware
 * @example
 * ```ts
 * app.use(requestLogMiddleware(state));
 * ```
 */
export function requestLogMiddleware(state: MockState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/admin')) {
      next();
      return;
    }
    const started = performance.now();
    const fault = state.faults.match(req.method, req.path, req.originalUrl);
    let errorBody: string | undefined;
    const send = res.send.bind(res);
    // Keep the body of an error the mock generated (an OperationOutcome, an OAuth error): the
    // detail view of the inspector shows why the request failed. Never a success body (PHI).
    res.send = ((body?: unknown) => {
      if (res.statusCode >= 400 && errorBody === undefined) {
        const text =
          typeof body === 'string'
            ? body
            : Buffer.isBuffer(body)
              ? body.toString('utf8')
              : undefined;
        if (text !== undefined) errorBody = text.slice(0, MAX_ERROR_BODY);
      }
      return send(body);
    }) as typeof res.send;
    res.once('close', () => {
      // FHIR requests: the token's client; token requests: the authenticated client.
      const auth = res.locals.auth as { clientId?: string } | undefined;
      const clientId =
        auth?.clientId ?? (typeof res.locals.clientId === 'string' ? res.locals.clientId : '');
      state.requestLog.add({
        at: new Date(state.now()).toISOString(),
        method: req.method,
        path: redactedUrl(req.originalUrl),
        // 0: the connection closed without a response (a `drop` fault, or the client went away).
        status: res.writableFinished ? res.statusCode : 0,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(clientId ? { clientId } : {}),
        ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}),
        ...traceFields(req),
        ...(fault
          ? {
              fault: fault.drop
                ? fault.dropAfterStore
                  ? 'drop after store'
                  : 'drop'
                : fault.status
                  ? `status ${fault.status}`
                  : `latency ${fault.latencyMs} ms`,
            }
          : {}),
        headers: redactedHeaders(req),
        ...(res.headersSent ? { responseHeaders: responseHeaders(res) } : {}),
        ...(errorBody !== undefined ? { errorBody } : {}),
      });
    });
    if (!fault) {
      next();
      return;
    }
    const apply = (): void => {
      if (fault.drop && fault.dropAfterStore) {
        // Handle it (a create is stored), then lose the answer: the socket closes instead.
        const socket = req.socket;
        res.end = (() => {
          socket.destroy();
          return res;
        }) as typeof res.end;
        next();
        return;
      }
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.status === undefined) {
        next();
        return;
      }
      // A fault on a FHIR path answers like Cerner's FHIR server: X-Request-Id and the rest.
      if (req.path.startsWith(`${fhirBasePath(state.tenantId)}/`)) setCernerHeaders(res);
      if (fault.retryAfter !== undefined) res.set('Retry-After', String(fault.retryAfter));
      if (fault.body !== undefined) {
        res.status(fault.status).json(fault.body);
        return;
      }
      sendOutcome(
        res,
        fault.status,
        fault.status >= 500 ? 'transient' : 'processing',
        `Injected fault: HTTP ${fault.status}`,
      );
    };
    if (fault.latencyMs) setTimeout(apply, fault.latencyMs);
    else apply();
  };
}
