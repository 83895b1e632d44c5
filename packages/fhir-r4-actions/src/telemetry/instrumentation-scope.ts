import { createRequire } from 'node:module';

// src/telemetry/*.ts and dist/telemetry/*.js both sit two levels below package.json.
const pkg = createRequire(import.meta.url)('../../package.json') as {
  name: string;
  version: string;
};

/**
 * The package's name and version, as the tracer and the meter are named.
 *
 * @example
 * ```ts
 * trace.getTracer(INSTRUMENTATION_SCOPE.name, INSTRUMENTATION_SCOPE.version);
 * ```
 */
export const INSTRUMENTATION_SCOPE: Readonly<{ name: string; version: string }> = Object.freeze({
  name: pkg.name,
  version: pkg.version,
});
