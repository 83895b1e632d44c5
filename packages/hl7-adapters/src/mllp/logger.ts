import { Hl7Error } from '../errors.js';

/**
 * Structured, opt-in logger for the MLLP transport (same shape as the other cerner-kit packages'
 * `Logger`). The transport never passes message bodies or other patient data to it: only
 * connection ids, addresses, byte counts, reasons and error codes.
 */
export interface MllpLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** @internal Drops everything; the default. */
export const silentMllpLogger: MllpLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * @internal The logger with every method made throw-safe: a logger that throws (a full disk, a
 * closed stream, a bug) must never crash the process from inside a socket handler, where nothing
 * would catch it. A missing method is treated as a no-op.
 */
export function guardMllpLogger(logger: MllpLogger | undefined): MllpLogger {
  if (logger === undefined) return silentMllpLogger;
  const safe =
    (level: keyof MllpLogger) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      try {
        const fn = (logger as Partial<MllpLogger>)[level];
        if (typeof fn === 'function') fn.call(logger, msg, fields);
      } catch {
        // a failing logger must not take the transport down
      }
    };
  return { debug: safe('debug'), info: safe('info'), warn: safe('warn'), error: safe('error') };
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
