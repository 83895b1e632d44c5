import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';

/** A metric reader that exports nothing by itself: the test calls `collect()`. */
class TestMetricReader extends MetricReader {
  constructor() {
    // Delta: each collect returns what happened since the previous one, so `reset()` is a collect.
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The SDK wired for tests: every finished span in memory, metrics on demand.
 *
 * @example
 * ```ts
 * const otel = otelHarness();
 * beforeEach(() => otel.reset());
 * await client.getPatient({ patientId: '1' });
 * expect(otel.spans().map((s) => s.name)).toContain('cerner.action getPatient');
 * ```
 */
export interface OtelHarness {
  /** The finished spans since the last `reset()`, in the order they ended. */
  spans(): ReadableSpan[];
  /** The metrics recorded since the last `reset()` or `metrics()` call (delta). */
  metrics(): Promise<MetricData[]>;
  /** Forgets the spans and the metrics recorded so far. */
  reset(): Promise<void>;
}

const KEY = Symbol.for('cerner-kit.otel-harness');

/**
 * Registers, once per process, a global tracer provider with an in-memory exporter, a meter
 * provider with a delta reader, the AsyncLocalStorage context manager and the W3C trace-context
 * propagator; later calls return the same harness. Once per process because the API's proxy
 * tracers keep the first real tracer they are given: replacing the provider would strand them.
 *
 * @returns the harness
 * @throws Error when another global tracer provider was registered first
 * @example
 * ```ts
 * const otel = otelHarness();
 * ```
 */
export function otelHarness(): OtelHarness {
  const g = globalThis as { [KEY]?: OtelHarness };
  const existing = g[KEY];
  if (existing) return existing;

  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  if (
    !trace.setGlobalTracerProvider(tracerProvider) ||
    !metrics.setGlobalMeterProvider(meterProvider) ||
    !context.setGlobalContextManager(contextManager) ||
    !propagation.setGlobalPropagator(new W3CTraceContextPropagator())
  ) {
    throw new Error('otelHarness: a global OpenTelemetry provider was already registered');
  }

  const collect = async (): Promise<MetricData[]> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  };
  const harness: OtelHarness = {
    spans: () => exporter.getFinishedSpans(),
    metrics: collect,
    async reset() {
      exporter.reset();
      await collect();
    },
  };
  g[KEY] = harness;
  return harness;
}
