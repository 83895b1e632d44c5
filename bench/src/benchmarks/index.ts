import type { Benchmark } from '../types.js';
import { clientOverhead } from './client-overhead.js';
import { deliveryQueue } from './delivery-queue.js';
import { encounterPaging } from './encounter-paging.js';
import { hl7Codec } from './hl7-codec.js';
import { mllp } from './mllp.js';
import { mockStart } from './mock-start.js';
import { mockThroughput } from './mock-throughput.js';
import { mrnScaling } from './mrn-scaling.js';
import { otelOverhead } from './otel-overhead.js';
import { sharedToken } from './shared-token.js';
import { tenants } from './tenants.js';
import { testSuite } from './test-suite.js';
import { tokenSingleFlight } from './token-single-flight.js';
import { warmToken } from './warm-token.js';

/**
 * Every benchmark, in run order. The million-patient store comes last so its heap does not weigh
 * on the others; the opt-in test suite after it.
 */
export const BENCHMARKS: readonly Benchmark[] = [
  tokenSingleFlight,
  warmToken,
  sharedToken,
  clientOverhead,
  otelOverhead,
  mockThroughput,
  encounterPaging,
  hl7Codec,
  mllp,
  mockStart,
  tenants,
  mrnScaling,
  testSuite,
  deliveryQueue,
];
