import {
  addSafeEvent,
  failSpan,
  setSafeAttributes,
  statusClass,
  redactTelemetryAttributes,
  type SafeAttributes,
  type TelemetryAttributes,
} from '@cerner-kit/core';
import type { TelemetryOptions } from './telemetry-options.js';
import {
  context,
  createContextKey,
  metrics,
  propagation,
  SpanKind,
  trace,
  type Context,
  type Counter,
  type Histogram,
  type Span,
} from '@opentelemetry/api';
import { FhirActionError } from '../errors.js';
import { INSTRUMENTATION_SCOPE } from './instrumentation-scope.js';
import { fhirUrlTemplate } from './url-template.js';

/** Prefix of the action spans: `cerner.action getPatient`. */
export const ACTION_SPAN_PREFIX = 'cerner.action ';

/** Why a request is sent again. */
export type RetryReason = 'status' | 'network' | 'timeout' | 'token';

/**
 * One HTTP attempt's span (`GET /r4/{tenant}/Patient/{id}`, kind CLIENT).
 * @internal
 *
 * @example
 * ```ts
 * const a = tel.attempt('GET', url, 0);
 * const res = await a.run(() => fetch(url, { headers: { ...headers, ...a.headers } }));
 * a.response(res.status, res.headers.get('x-request-id') ?? undefined);
 * ```
 */
export interface AttemptTrace {
  /** `traceparent` (and `tracestate`) to send, when propagation is on and there is a trace. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Runs `fn` with the attempt span active (an auto-instrumented fetch nests under it). */
  run<T>(fn: () => T): T;
  /** The response arrived: status, Cerner's request id; ends the span. */
  response(status: number, requestId: string | undefined): void;
  /** No response: ends the span as failed. */
  failure(code: 'timeout' | 'network' | 'aborted'): void;
}

/**
 * The FHIR client's instrumentation.
 * @internal
 *
 * @example
 * ```ts
 * const tel = createFhirTelemetry({ baseUrl, tenantId, propagateTraceContext: false });
 * await tel.action('getPatient', () => impl(ctx, input));
 * ```
 */
export interface FhirTelemetry {
  /** Runs an action inside its span; records its duration, outcome and in-doubt writes. */
  action<T>(
    key: string,
    run: (note: (attrs: TelemetryAttributes) => void) => Promise<T>,
  ): Promise<T>;
  /** Starts the span of one HTTP attempt (`resendCount` 0 for the first). */
  attempt(method: string, url: string, resendCount: number): AttemptTrace;
  /** A retry decided: an event on the current span and a count. */
  retry(reason: RetryReason, delayMs: number, fromRetryAfter: boolean, status?: number): void;
  /** A 401 made the client drop the token and try once more with a new one. */
  tokenRefresh(): void;
}

/** Options of {@link createFhirTelemetry}. @internal */
export interface FhirTelemetryOptions {
  telemetry?: TelemetryOptions | undefined;
  baseUrl: string;
  tenantId: string;
  propagateTraceContext: boolean;
}

const ACTION_KEY = createContextKey('cerner-kit.fhir.action');

const NOOP_ATTEMPT: AttemptTrace = Object.freeze({
  headers: undefined,
  run: <T>(fn: () => T): T => fn(),
  response: () => undefined,
  failure: () => undefined,
});

/** Telemetry that records nothing (`telemetry: false`, and FhirHttpClient's default). @internal */
export const NOOP_FHIR_TELEMETRY: FhirTelemetry = Object.freeze({
  action: <T>(_key: string, run: (note: (attrs: TelemetryAttributes) => void) => Promise<T>) =>
    run(() => undefined),
  attempt: () => NOOP_ATTEMPT,
  retry: () => undefined,
  tokenRefresh: () => undefined,
});

/** Metric labels are built once per combination: the hot path is a Map lookup. */
function labelCache(): (key: string, build: () => TelemetryAttributes) => SafeAttributes {
  const cache = new Map<string, SafeAttributes>();
  return (key, build) => {
    let labels = cache.get(key);
    if (labels === undefined) {
      labels = Object.freeze(redactTelemetryAttributes(build()));
      if (cache.size < 1024) cache.set(key, labels);
    }
    return labels;
  };
}

const actionOf = (): string | undefined => {
  const v = context.active().getValue(ACTION_KEY);
  return typeof v === 'string' ? v : undefined;
};

/**
 * The instrumentation of one Cerner client: action spans, HTTP attempt spans following the
 * stable HTTP client conventions, retry and token-refresh events, `traceparent` injection (when
 * asked), and the metrics. Records no URL but its template, no body, no header but Cerner's
 * request id, and no error message.
 * @internal
 *
 * @param o - providers, the FHIR base, the tenant, whether to propagate trace context
 * @returns the hooks (no-ops with `telemetry: false`)
 * @throws never for a valid base URL
 * @example
 * ```ts
 * const tel = createFhirTelemetry({ baseUrl: 'https://fhir-ehr-code.cerner.com/r4/t', tenantId: 't', propagateTraceContext: false });
 * ```
 */
export function createFhirTelemetry(o: FhirTelemetryOptions): FhirTelemetry {
  if (o.telemetry === false) return NOOP_FHIR_TELEMETRY;
  const { name, version } = INSTRUMENTATION_SCOPE;
  const tracer = (o.telemetry?.tracerProvider ?? trace.getTracerProvider()).getTracer(
    name,
    version,
  );
  const meter = (o.telemetry?.meterProvider ?? metrics.getMeterProvider()).getMeter(name, version);
  const base = new URL(o.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const server: TelemetryAttributes = {
    'server.address': base.hostname,
    'server.port': base.port !== '' ? Number(base.port) : base.protocol === 'https:' ? 443 : 80,
    'url.scheme': base.protocol === 'https:' ? 'https' : 'http',
  };
  const actionDuration: Histogram = meter.createHistogram('cerner.fhir.action.duration', {
    description: 'Duration of a FHIR action (all its requests, retries and waits)',
    unit: 's',
  });
  const requestDuration: Histogram = meter.createHistogram('cerner.fhir.request.duration', {
    description: 'Duration of one HTTP request to the FHIR server (one attempt)',
    unit: 's',
  });
  const retries: Counter = meter.createCounter('cerner.fhir.retries', {
    description: 'Requests sent again (GET after 429/502-504 or no response; token retries)',
    unit: '{retry}',
  });
  const inDoubt: Counter = meter.createCounter('cerner.fhir.in_doubt_writes', {
    description: 'Creates that failed in a way where the resource may have been created',
    unit: '{write}',
  });
  const labels = labelCache();
  const spanNames = new Map<string, string>();

  const attempt = (method: string, url: string, resendCount: number): AttemptTrace => {
    const started = performance.now();
    // The template costs a URL parse: the span starts with the method alone and is renamed
    // only when it records.
    const span = tracer.startSpan(method, { kind: SpanKind.CLIENT });
    const recording = span.isRecording();
    if (recording) {
      const template = fhirUrlTemplate(url, basePath, o.tenantId);
      const attrs = redactTelemetryAttributes({
        ...server,
        'http.request.method': method,
        'url.template': template,
        'http.request.resend_count': resendCount > 0 ? resendCount : undefined,
      });
      span.updateName(`${method} ${String(attrs['url.template'])}`);
      span.setAttributes(attrs);
    }
    let ctx: Context | undefined;
    let headers: Record<string, string> | undefined;
    if (trace.isSpanContextValid(span.spanContext())) {
      ctx = trace.setSpan(context.active(), span);
      if (o.propagateTraceContext) {
        headers = {};
        propagation.inject(ctx, headers);
        if (recording) setSafeAttributes(span, { 'cerner.trace_context.propagated': true });
      }
    }
    const action = actionOf();
    const end = (
      status: number | undefined,
      errorType: string | undefined,
      requestId?: string,
    ): void => {
      const cls = statusClass(status);
      requestDuration.record(
        (performance.now() - started) / 1000,
        labels(`${action}|${method}|${cls}|${errorType}`, () => ({
          'cerner.action': action,
          'http.request.method': method,
          'cerner.status_class': cls,
          'error.type': errorType,
        })),
      );
      if (recording) {
        setSafeAttributes(span, {
          'http.response.status_code': status,
          'cerner.request_id': requestId,
        });
        if (errorType !== undefined) failSpan(span, errorType);
      }
      span.end();
    };
    return {
      headers,
      run: (fn) => (ctx === undefined ? fn() : context.with(ctx, fn)),
      response: (status, requestId) =>
        end(status, status >= 400 ? String(status) : undefined, requestId),
      failure: (code) => end(undefined, code),
    };
  };

  return {
    async action(key, run) {
      const started = performance.now();
      let spanName = spanNames.get(key);
      if (spanName === undefined) {
        spanName = `${ACTION_SPAN_PREFIX}${key}`;
        if (spanNames.size < 256) spanNames.set(key, spanName);
      }
      const span: Span = tracer.startSpan(spanName, { kind: SpanKind.INTERNAL });
      if (span.isRecording()) {
        setSafeAttributes(span, { 'cerner.action': key, 'cerner.tenant_id': o.tenantId });
      }
      const note = (attrs: TelemetryAttributes): void => setSafeAttributes(span, attrs);
      const finish = (status: number | undefined, errorType: string | undefined): void => {
        const cls = statusClass(status);
        actionDuration.record(
          (performance.now() - started) / 1000,
          labels(`${key}|${cls}|${errorType}`, () => ({
            'cerner.action': key,
            'cerner.status_class': cls,
            'error.type': errorType,
          })),
        );
      };
      try {
        const result = trace.isSpanContextValid(span.spanContext())
          ? await context.with(
              trace.setSpan(context.active(), span).setValue(ACTION_KEY, key),
              () => run(note),
            )
          : await run(note);
        finish(200, undefined);
        return result;
      } catch (error) {
        const fhir = FhirActionError.isInstance(error) ? error : undefined;
        const code = fhir?.code ?? 'unexpected';
        finish(fhir?.status, code);
        if (fhir?.mayHaveSucceeded === true) {
          inDoubt.add(
            1,
            labels(`indoubt|${key}`, () => ({ 'cerner.action': key })),
          );
          setSafeAttributes(span, { 'cerner.fhir.in_doubt': true });
        }
        setSafeAttributes(span, { 'http.response.status_code': fhir?.status });
        failSpan(span, code, fhir ? 'FhirActionError' : 'Error');
        throw error;
      } finally {
        span.end();
      }
    },
    attempt,
    retry(reason, delayMs, fromRetryAfter, status) {
      const action = actionOf();
      retries.add(
        1,
        labels(`retry|${action}|${reason}`, () => ({
          'cerner.action': action,
          'cerner.retry.reason': reason,
        })),
      );
      const span = trace.getActiveSpan();
      if (span === undefined) return;
      addSafeEvent(span, 'retry', {
        'cerner.retry.reason': reason,
        'cerner.retry.delay_ms': delayMs,
        'cerner.retry.from_retry_after': fromRetryAfter,
        'http.response.status_code': status,
      });
    },
    tokenRefresh() {
      const span = trace.getActiveSpan();
      if (span !== undefined) {
        addSafeEvent(span, 'token_refresh', { 'http.response.status_code': 401 });
      }
    },
  };
}
