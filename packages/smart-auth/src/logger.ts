/**
 * A structured, opt-in logger (console, pino and winston fit with a one-line adapter).
 * cerner-kit never passes secrets, tokens, client assertions or patient data to it.
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
 * A logger that drops everything; the default.
 *
 * @example
 * ```ts
 * createBackendAuth({ ...options, logger: silentLogger });
 * ```
 */
export const silentLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/**
 * Calls one level of a caller's logger; a logger that throws never breaks token handling.
 * @internal
 *
 * @param logger - the caller's logger
 * @param level - debug, info, warn or error
 * @param msg - the message
 * @param fields - structured fields (never secrets)
 * @example
 * ```ts
 * safeLog(logger, 'warn', 'smart-auth: scopes dropped', { droppedScopes });
 * ```
 */
export function safeLog(
  logger: Logger,
  level: keyof Logger,
  msg: string,
  fields: Record<string, unknown>,
): void {
  try {
    logger[level](msg, fields);
  } catch {
    // A broken logger must not turn a good token into a failure.
  }
}
