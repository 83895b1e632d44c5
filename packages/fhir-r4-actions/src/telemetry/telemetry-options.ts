import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/**
 * Where a client's spans and metrics go. By default the global providers of
 * `@opentelemetry/api` (a no-op until the application registers an SDK); `false` turns the
 * package's instrumentation off even when an SDK is registered.
 *
 * @example
 * ```ts
 * createCernerClient({ fhirBaseUrl, auth, telemetry: { tracerProvider } });
 * createCernerClient({ fhirBaseUrl, auth, telemetry: false });
 * ```
 */
export type TelemetryOptions =
  | {
      /** Default: the global tracer provider. */
      tracerProvider?: TracerProvider;
      /** Default: the global meter provider. */
      meterProvider?: MeterProvider;
    }
  | false;
