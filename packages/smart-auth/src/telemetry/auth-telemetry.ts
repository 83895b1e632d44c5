import {
  context,
  metrics,
  SpanKind,
  trace,
  type Counter,
  type Histogram,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { SmartAuthError } from '../errors.js';
import type { AccessToken } from '../token-request.js';
import { INSTRUMENTATION_SCOPE } from './instrumentation-scope.js';
import { addSafeEvent, failSpan, setSafeAttributes } from './span-helpers.js';
import { redactTelemetryAttributes, type TelemetryAttributes } from './telemetry-attributes.js';
import type { TelemetryOptions } from './telemetry-options.js';

/** The span of every `getToken` that is traced. */
export const TOKEN_SPAN = 'cerner.token';

/** How a `getToken` call was served. */
export type TokenCacheOutcome = 'hit' | 'miss' | 'coalesced';

/**
 * Tracing and metrics of `getToken`. Never records the token, the client secret or the
 * assertion: only the cache outcome, scope names, counts, the token endpoint's host and the
 * error code.
 * @internal
 *
 * @example
 * ```ts
 * const tel = createAuthTelemetry(options.telemetry);
 * tel.cacheHit();
 * const token = await tel.traceRequest('miss', (note) => fetchToken(scopes, note));
 * ```
 */
export interface AuthTelemetry {
  /** A cache hit: counted; a span only when a recording span is active (a lookup is not worth a root span). */
  cacheHit(): void;
  /**
   * Runs a token request (a new one, or joining the one in flight) inside a `cerner.token` span.
   * `note` adds attributes from inside (the token endpoint's host, the HTTP status).
   */
  traceRequest(
    cache: 'miss' | 'coalesced',
    run: (note: (attrs: TelemetryAttributes) => void) => Promise<AccessToken>,
  ): Promise<AccessToken>;
}

const NOOP: AuthTelemetry = Object.freeze({
  cacheHit: () => undefined,
  traceRequest: (_cache: 'miss' | 'coalesced', run: Parameters<AuthTelemetry['traceRequest']>[1]) =>
    run(() => undefined),
});

const HIT = Object.freeze(redactTelemetryAttributes({ 'cerner.token.cache': 'hit' }));

/**
 * The instrumentation for one `createBackendAuth` client.
 * @internal
 *
 * @param options - providers, or `false` for none
 * @returns the telemetry hooks (all no-ops for `false`)
 * @throws never
 * @example
 * ```ts
 * const tel = createAuthTelemetry(undefined); // the global providers
 * ```
 */
export function createAuthTelemetry(options: TelemetryOptions | undefined): AuthTelemetry {
  if (options === false) return NOOP;
  const { name, version } = INSTRUMENTATION_SCOPE;
  const tracer: Tracer = (options?.tracerProvider ?? trace.getTracerProvider()).getTracer(
    name,
    version,
  );
  const meter = (options?.meterProvider ?? metrics.getMeterProvider()).getMeter(name, version);
  const requests: Counter = meter.createCounter('cerner.token.requests', {
    description: 'getToken calls, by how the cache served them (hit, miss, coalesced)',
    unit: '{call}',
  });
  const fetches: Counter = meter.createCounter('cerner.token.fetches', {
    description: 'Requests to the token endpoint, by error code when they failed',
    unit: '{request}',
  });
  const duration: Histogram = meter.createHistogram('cerner.token.fetch.duration', {
    description: 'Time to get a token from the token endpoint (discovery included)',
    unit: 's',
  });

  const finish = (
    span: Span,
    started: number,
    cache: 'miss' | 'coalesced',
    error?: unknown,
  ): void => {
    const errorType =
      error === undefined
        ? undefined
        : SmartAuthError.isInstance(error)
          ? error.code
          : 'unexpected';
    const labels = redactTelemetryAttributes({
      'cerner.token.cache': cache,
      'error.type': errorType,
    });
    requests.add(1, labels);
    if (cache === 'miss') {
      const fetchLabels = redactTelemetryAttributes({ 'error.type': errorType });
      fetches.add(1, fetchLabels);
      duration.record((performance.now() - started) / 1000, fetchLabels);
    }
    if (errorType !== undefined) {
      if (SmartAuthError.isInstance(error)) {
        setSafeAttributes(span, { 'http.response.status_code': error.status });
      }
      failSpan(span, errorType, SmartAuthError.isInstance(error) ? 'SmartAuthError' : 'Error');
    }
    span.end();
  };

  return {
    cacheHit() {
      requests.add(1, HIT);
      if (trace.getActiveSpan()?.isRecording() !== true) return;
      tracer.startSpan(TOKEN_SPAN, { kind: SpanKind.INTERNAL, attributes: HIT }).end();
    },
    async traceRequest(cache, run) {
      const span = tracer.startSpan(TOKEN_SPAN, { kind: SpanKind.INTERNAL });
      setSafeAttributes(span, { 'cerner.token.cache': cache });
      const started = performance.now();
      const note = (attrs: TelemetryAttributes): void => setSafeAttributes(span, attrs);
      let token: AccessToken;
      try {
        token = await context.with(trace.setSpan(context.active(), span), () => run(note));
      } catch (error) {
        finish(span, started, cache, error);
        throw error;
      }
      setSafeAttributes(span, {
        'cerner.token.scopes': token.scopes,
        'cerner.token.dropped_scope_count': token.droppedScopes.length,
      });
      if (token.droppedScopes.length > 0) {
        addSafeEvent(span, 'scopes_dropped', {
          'cerner.token.dropped_scope_count': token.droppedScopes.length,
        });
      }
      finish(span, started, cache);
      return token;
    },
  };
}
