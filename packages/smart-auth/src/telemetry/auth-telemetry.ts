import {
  addSafeEvent,
  failSpan,
  setSafeAttributes,
  redactTelemetryAttributes,
  type TelemetryAttributes,
} from '@cerner-kit/core';
import {
  context,
  metrics,
  ProxyTracerProvider,
  SpanKind,
  trace,
  type Counter,
  type Histogram,
  type Meter,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { SmartAuthError } from '../errors.js';
import type { AccessToken } from '../token-request.js';
import { INSTRUMENTATION_SCOPE } from './instrumentation-scope.js';
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
const MISS = Object.freeze(redactTelemetryAttributes({ 'cerner.token.cache': 'miss' }));
const COALESCED = Object.freeze(redactTelemetryAttributes({ 'cerner.token.cache': 'coalesced' }));

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
  const provider = options?.tracerProvider ?? trace.getTracerProvider();
  const tracer: Tracer = provider.getTracer(name, version);
  const meter = (options?.meterProvider ?? metrics.getMeterProvider()).getMeter(name, version);
  const counts = countsFor(meter);
  const fetches: Counter = meter.createCounter('cerner.token.fetches', {
    description:
      'Token requests (a miss that the shared store could not serve), by error code when they failed',
    unit: '{request}',
  });
  const duration: Histogram = meter.createHistogram('cerner.token.fetch.duration', {
    description:
      'Time to get a token for a miss (discovery, shared store and token endpoint included)',
    unit: 's',
  });
  // A warm hit is a few ns: it looks for a recording parent only while an SDK is registered,
  // which it re-checks every 256 hits (a check is a few API calls).
  let sdk = hasSdk(provider);
  let hits = 0;

  const finish = (
    span: Span,
    started: number,
    cache: 'miss' | 'coalesced',
    error?: unknown,
  ): void => {
    const smart = SmartAuthError.isInstance(error) ? error : undefined;
    const errorType = error === undefined ? undefined : (smart?.code ?? 'unexpected');
    if (cache === 'miss') {
      const labels = redactTelemetryAttributes({ 'error.type': errorType });
      fetches.add(1, labels);
      duration.record((performance.now() - started) / 1000, labels);
    }
    if (errorType !== undefined) {
      setSafeAttributes(span, { 'http.response.status_code': smart?.status });
      failSpan(span, errorType, smart ? 'SmartAuthError' : 'Error');
    }
    span.end();
  };

  return {
    cacheHit() {
      counts.hit += 1;
      if ((++hits & 255) === 0) sdk = hasSdk(provider);
      if (!sdk || trace.getActiveSpan()?.isRecording() !== true) return;
      tracer.startSpan(TOKEN_SPAN, { kind: SpanKind.INTERNAL, attributes: HIT }).end();
    },
    async traceRequest(cache, run) {
      counts[cache] += 1;
      const span = tracer.startSpan(TOKEN_SPAN, { kind: SpanKind.INTERNAL });
      setSafeAttributes(span, { 'cerner.token.cache': cache });
      const started = performance.now();
      const note = (attrs: TelemetryAttributes): void => setSafeAttributes(span, attrs);
      let token: AccessToken;
      try {
        token = await (trace.isSpanContextValid(span.spanContext())
          ? context.with(trace.setSpan(context.active(), span), () => run(note))
          : run(note));
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

type Counts = { hit: number; miss: number; coalesced: number };
const COUNTS = new WeakMap<Meter, Counts>();

/**
 * Plain integers on the hot path, read by the SDK when it collects: one set per meter, shared
 * by every client using it (two observations of one attribute set would overwrite each other).
 */
function countsFor(meter: Meter): Counts {
  let counts = COUNTS.get(meter);
  if (counts !== undefined) return counts;
  const c: Counts = { hit: 0, miss: 0, coalesced: 0 };
  meter
    .createObservableCounter('cerner.token.requests', {
      description: 'getToken calls, by how the cache served them (hit, miss, coalesced)',
      unit: '{call}',
    })
    .addCallback((result) => {
      result.observe(c.hit, HIT);
      result.observe(c.miss, MISS);
      result.observe(c.coalesced, COALESCED);
    });
  COUNTS.set(meter, c);
  counts = c;
  return counts;
}

/** Whether spans can record: a provider given explicitly, or an SDK behind the global proxy. */
function hasSdk(provider: TracerProvider): boolean {
  return (
    !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer('probe') !== undefined
  );
}
