import type { RetryPolicy } from './backoff.js';
import type { DeliveryOptions } from './create-delivery.js';
import { DeliveryError } from './errors.js';

/** @internal The numeric options, checked and defaulted. */
export interface ResolvedNumbers {
  retry: Required<RetryPolicy>;
  attemptTimeoutMs: number;
  hl7TimeoutMs: number;
  maxApplicationErrors: number;
  pollingIntervalSeconds: number;
}

function positive(field: string, v: unknown, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new DeliveryError('invalid_input', `${field}: a number >= ${min}`, field);
  }
  return v;
}

/**
 * @internal Checks {@link DeliveryOptions} before any connection.
 * @throws DeliveryError `invalid_input` naming the option
 */
export function validateOptions(options: DeliveryOptions): ResolvedNumbers {
  if (typeof options !== 'object' || options === null) {
    throw new DeliveryError('invalid_input', 'options: expected an object', 'options');
  }
  if ((options.connectionString === undefined) === (options.pool === undefined)) {
    throw new DeliveryError(
      'invalid_input',
      'connectionString: give connectionString or pool (one of them)',
      'connectionString',
    );
  }
  const c = options.cerner as Partial<DeliveryOptions['cerner']> | undefined;
  if (!c || typeof c.request !== 'function' || typeof c.run !== 'function') {
    throw new DeliveryError(
      'invalid_input',
      'cerner: required, a client from createCernerClient(...)',
      'cerner',
    );
  }
  if (options.mllp !== undefined && typeof options.mllp.send !== 'function') {
    throw new DeliveryError(
      'invalid_input',
      'mllp: expected a client from createMllpClient(...)',
      'mllp',
    );
  }
  const baseDelayMs = positive('retry.baseDelayMs', options.retry?.baseDelayMs, 2000);
  const maxDelayMs = positive('retry.maxDelayMs', options.retry?.maxDelayMs, 300_000);
  if (maxDelayMs < baseDelayMs) {
    throw new DeliveryError(
      'invalid_input',
      'retry.maxDelayMs: must be >= retry.baseDelayMs',
      'retry.maxDelayMs',
    );
  }
  return {
    retry: {
      baseDelayMs,
      maxDelayMs,
      budgetMs: positive('retry.budgetMs', options.retry?.budgetMs, 86_400_000),
      reconcileDelayMs: positive('retry.reconcileDelayMs', options.retry?.reconcileDelayMs, 10_000),
    },
    attemptTimeoutMs: positive('attemptTimeoutMs', options.attemptTimeoutMs, 60_000, 100),
    hl7TimeoutMs: positive('hl7TimeoutMs', options.hl7TimeoutMs, 30_000, 1),
    maxApplicationErrors: Math.floor(
      positive('maxApplicationErrors', options.maxApplicationErrors, 5, 1),
    ),
    pollingIntervalSeconds: positive(
      'pollingIntervalSeconds',
      options.pollingIntervalSeconds,
      1,
      0.01,
    ),
  };
}
