import { guardLogger, type Logger } from '@cerner-kit/core';
import { Hl7Error } from '../errors.js';

/**
 * The logger the MLLP transport takes: core's `Logger` (the same shape in every cerner-kit
 * package). The transport never passes message bodies or other patient data to it: only
 * connection ids, addresses, byte counts, reasons and error codes. Client and server wrap it
 * with core's `guardLogger`, so a logger that throws never crashes a socket handler.
 *
 * @example
 * ```ts
 * const logger: MllpLogger = { debug: () => {}, info: console.info, warn: console.warn, error: console.error };
 * ```
 */
export type MllpLogger = Logger;

/**
 * @internal The logger with every method made throw-safe (core's `guardLogger`): a logger that
 * throws must never crash the process from inside a socket handler, where nothing would catch it.
 */
export function guardMllpLogger(logger: MllpLogger | undefined): MllpLogger {
  return guardLogger(logger);
}

/**
 * @internal Describes an error for a log line without its message text, unless it is one of ours
 * (whose messages are guaranteed free of patient data).
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { errorType: typeof error };
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  const ours = Hl7Error.isInstance(error);
  const out: Record<string, unknown> = {
    errorName: typeof e.name === 'string' ? e.name : 'unknown',
  };
  if (typeof e.code === 'string') out.errorCode = e.code;
  if (ours && typeof e.message === 'string') out.errorMessage = e.message;
  return out;
}
