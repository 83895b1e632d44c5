/**
 * A structured, opt-in logger (console, pino and winston fit with a one-line adapter). cerner-kit
 * never passes secrets, tokens, client assertions or patient data to it.
 *
 * @example
 * ```ts
 * const logger: Logger = {
 *   debug: (msg, fields) => console.debug(msg, fields),
 *   info: (msg, fields) => console.info(msg, fields),
 *   warn: (msg, fields) => console.warn(msg, fields),
 *   error: (msg, fields) => console.error(msg, fields),
 * };
 * ```
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * One of the four levels of a {@link Logger}.
 *
 * @example
 * ```ts
 * const level: LogLevel = 'warn';
 * ```
 */
export type LogLevel = keyof Logger;

/**
 * A logger that drops everything; the default everywhere.
 *
 * @example
 * ```ts
 * const logger: Logger = options.logger ?? silentLogger;
 * ```
 */
export const silentLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/**
 * Calls one level of a caller's logger and swallows anything it throws: a broken logger (or one
 * without that level) never turns a good request into a failure, nor crashes a socket handler.
 *
 * @param logger - the caller's logger
 * @param level - debug, info, warn or error
 * @param msg - a constant message
 * @param fields - structured fields (never secrets or patient data)
 * @returns nothing; never throws
 * @example
 * ```ts
 * safeLog(logger, 'warn', 'smart-auth: scopes dropped', { droppedScopes: ['system/Patient.write'] });
 * ```
 */
export function safeLog(
  logger: Logger,
  level: LogLevel,
  msg: string,
  fields?: Record<string, unknown>,
): void {
  try {
    logger[level](msg, fields);
  } catch {
    // Logging is best effort: a logger that throws must never break the caller.
  }
}

/**
 * Wraps a caller's logger once so that none of its four methods can throw (see {@link safeLog}).
 * Undefined gives {@link silentLogger}; a logger already guarded is returned as it is.
 *
 * @param logger - the caller's logger, if any
 * @returns a logger whose calls never throw
 * @example
 * ```ts
 * const log = guardLogger(options.logger);
 * socket.on('error', (e) => log.warn('mllp: socket error', { code: (e as { code?: string }).code }));
 * ```
 */
export function guardLogger(logger: Logger | undefined): Logger {
  if (logger === undefined || logger === silentLogger) return silentLogger;
  if (GUARDED.has(logger)) return logger;
  const guarded: Logger = Object.freeze({
    debug: (msg: string, fields?: Record<string, unknown>) => safeLog(logger, 'debug', msg, fields),
    info: (msg: string, fields?: Record<string, unknown>) => safeLog(logger, 'info', msg, fields),
    warn: (msg: string, fields?: Record<string, unknown>) => safeLog(logger, 'warn', msg, fields),
    error: (msg: string, fields?: Record<string, unknown>) => safeLog(logger, 'error', msg, fields),
  });
  GUARDED.add(guarded);
  return guarded;
}

const GUARDED = new WeakSet<Logger>();
