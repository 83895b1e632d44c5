import { createCernerClient } from '@cerner-kit/fhir-r4-actions';
import { DEFAULT_CLIENT, SEED_IDS } from '@cerner-kit/mock-cerner';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { compareAll, sink } from '../sampler.js';
import { BENCH_SCOPES, startMockFixture } from '../mock-fixture.js';
import type { Figure } from '../stats.js';
import type { Benchmark, BenchContext, BenchRow } from '../types.js';

/** An exporter that drops everything: the SDK's cost without any I/O. */
class NoopExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * `client.getPatient` with the library's OpenTelemetry instrumentation on the API alone (no SDK
 * registered: what every user without OpenTelemetry runs) vs the same client built with
 * `telemetry: false` (no OpenTelemetry call at all). Also, report only, with an SDK tracer and
 * meter provider (every span sampled, a simple processor, an exporter that drops the spans).
 * One in-process mock, sequential reads, one alternation for the three.
 */
export const otelOverhead: Benchmark = {
  id: 'otel-overhead',
  name: 'OpenTelemetry overhead',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const fx = await startMockFixture();
    const exporter = new NoopExporter();
    const tracerProvider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const meterProvider = new MeterProvider();
    try {
      const id = SEED_IDS.patients.smartJoe;
      const make = (
        telemetry:
          false | undefined | { tracerProvider: TracerProvider; meterProvider: MeterProvider },
      ) => {
        const auth = createBackendAuth({
          clientId: DEFAULT_CLIENT.clientId,
          credentials: { clientSecret: DEFAULT_CLIENT.clientSecret },
          tokenUrl: fx.running.tokenUrl,
          scopes: [...BENCH_SCOPES],
          ...(telemetry !== undefined ? { telemetry } : {}),
        });
        return createCernerClient({
          fhirBaseUrl: fx.running.fhirBaseUrl,
          auth,
          scopes: [...BENCH_SCOPES],
          ...(telemetry !== undefined ? { telemetry } : {}),
        });
      };
      const off = make(false);
      const apiOnly = make(undefined);
      const withSdk = make({ tracerProvider, meterProvider });
      for (const c of [off, apiOnly, withSdk]) await c.getPatient({ patientId: id }); // warm tokens
      const loop =
        (c: typeof off) =>
        async (n: number): Promise<void> => {
          for (let i = 0; i < n; i++) sink.ref = await c.getPatient({ patientId: id });
        };
      const opts =
        ctx.scale === 'tiny'
          ? { samples: 3, sampleMs: 5, warmupMs: 10 }
          : { samples: 31, sampleMs: 150, warmupMs: 800 };
      const [apiFig, offFig, sdkFig] = (await compareAll(
        [loop(apiOnly), loop(off), loop(withSdk)],
        opts,
      )) as [Figure, Figure, Figure];
      if (exporter.exported === 0) throw new Error('otel overhead: the SDK side exported no span');
      const ratio = apiFig.median / offFig.median;
      const sdkRatio = sdkFig.median / offFig.median;
      return [
        {
          id: 'otel-overhead.api-only',
          benchmark: 'OpenTelemetry overhead',
          case: 'GET Patient/{id}, @opentelemetry/api loaded, no SDK registered',
          oursLabel: 'instrumented client, no SDK',
          ours: apiFig,
          baselineLabel: 'same client with telemetry: false',
          baseline: offFig,
          ratio,
          ratioLabel: 'instrumented / off (time)',
          target: '<= 1.02',
          met: ratio <= 1.02,
          notes: [
            'Without an SDK the API hands out non-recording spans: no attribute is built (isRecording() first), the HTTP span keeps its first name, metric labels come from a per-combination cache.',
          ],
        },
        {
          id: 'otel-overhead.sdk',
          benchmark: 'OpenTelemetry overhead',
          case: 'the same read with an SDK tracer + meter provider, every span sampled, no-op exporter',
          oursLabel: 'instrumented client, SDK + no-op exporter',
          ours: sdkFig,
          baselineLabel: 'same client with telemetry: false (same samples)',
          baseline: offFig,
          ratio: sdkRatio,
          ratioLabel: 'with SDK / off (time)',
          target: 'report the ratio',
          met: null,
          notes: [
            `Per read: an action span, a token span (cache hit under a recording parent) and one HTTP span; ${exporter.exported} spans exported in the run.`,
          ],
        },
      ];
    } finally {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      await fx.close();
    }
  },
};
