import {
  redactTelemetryAttributes,
  safeAttributeValue,
  type TelemetryAttributes,
} from './telemetry-attributes.js';

/**
 * The part of an OpenTelemetry `Span` these helpers use; a real span fits structurally, so the
 * helpers need no OpenTelemetry import.
 *
 * @example
 * ```ts
 * const s: SpanLike = trace.getTracer('x').startSpan('y');
 * ```
 */
export interface SpanLike {
  isRecording(): boolean;
  setAttributes(attributes: Record<string, string | number | boolean | string[]>): unknown;
  addEvent(
    name: string,
    attributes?: Record<string, string | number | boolean | string[]>,
  ): unknown;
  setStatus(status: { code: 0 | 1 | 2; message?: string }): unknown;
}

/** `SpanStatusCode.ERROR` of the API, as a literal. */
const STATUS_ERROR = 2;

/**
 * Sets attributes through the PHI guard; nothing at all when the span does not record (no SDK,
 * or not sampled), so the no-telemetry path builds no attribute objects beyond the caller's.
 *
 * @param span - the span
 * @param attrs - attributes with listed keys
 * @returns nothing
 * @throws never
 * @example
 * ```ts
 * setSafeAttributes(span, { 'http.response.status_code': 200 });
 * ```
 */
export function setSafeAttributes(span: SpanLike, attrs: TelemetryAttributes): void {
  if (span.isRecording()) span.setAttributes(redactTelemetryAttributes(attrs));
}

/**
 * Adds an event whose attributes went through the PHI guard (a no-op on a non-recording span).
 *
 * @param span - the span
 * @param name - a fixed event name (never data)
 * @param attrs - attributes with listed keys
 * @returns nothing
 * @throws never
 * @example
 * ```ts
 * addSafeEvent(span, 'retry', { 'cerner.retry.reason': 'status', 'cerner.retry.delay_ms': 250 });
 * ```
 */
export function addSafeEvent(span: SpanLike, name: string, attrs: TelemetryAttributes = {}): void {
  if (span.isRecording()) span.addEvent(name, redactTelemetryAttributes(attrs));
}

/**
 * Marks a span failed without recording the error's message or stack: OperationOutcome
 * diagnostics, NACK text and server messages can echo patient data. The status message is the
 * stable error code; an `exception` event carries only `exception.type` and `error.type`.
 *
 * @param span - the span
 * @param errorType - the stable code (`not_found`, `timeout`, `AE` …)
 * @param exceptionType - the error class name, when an exception ended the operation
 * @returns nothing
 * @throws never
 * @example
 * ```ts
 * failSpan(span, 'server_error', 'FhirActionError');
 * ```
 */
export function failSpan(span: SpanLike, errorType: string, exceptionType?: string): void {
  if (!span.isRecording()) return;
  const code = safeAttributeValue('error.type', errorType);
  const message = typeof code === 'string' ? code : 'error';
  span.setStatus({ code: STATUS_ERROR, message });
  span.setAttributes({ 'error.type': message });
  if (exceptionType !== undefined) {
    span.addEvent(
      'exception',
      redactTelemetryAttributes({ 'exception.type': exceptionType, 'error.type': message }),
    );
  }
}

/**
 * The HTTP status class used as a low-cardinality metric label.
 *
 * @param status - an HTTP status, or undefined when there was no response
 * @returns `2xx` … `5xx`, or `none`
 * @throws never
 * @example
 * ```ts
 * statusClass(503); // '5xx'
 * ```
 */
export function statusClass(
  status: number | undefined,
): '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'none' {
  if (status === undefined || status < 100 || status > 599) return 'none';
  return `${Math.floor(status / 100)}xx` as '1xx' | '2xx' | '3xx' | '4xx' | '5xx';
}
