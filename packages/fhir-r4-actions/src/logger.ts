import { safeLog, type Logger } from '@cerner-kit/core';

// The Logger and its silent default are core's (shared by every package), re-exported here
// because they are part of this package's public API.
export { silentLogger, type Logger } from '@cerner-kit/core';

/**
 * The only fields a request log line may carry. No URL (queries hold MRNs), no body, no token,
 * no header other than Cerner's request id.
 *
 * @example
 * ```ts
 * const fields: RequestLogFields = { method: 'GET', resourceType: 'Patient', status: 200, durationMs: 84 };
 * ```
 */
export interface RequestLogFields {
  method: string;
  /** `Patient`, `Encounter`… (never an id or a query). */
  resourceType: string;
  status?: number;
  durationMs?: number;
  /** Cerner's `X-Request-Id`. */
  requestId?: string;
  /** 0 for the first try. */
  attempt?: number;
  /** The error code when the request failed without a response. */
  code?: string;
  /** Milliseconds we will wait before retrying. */
  retryInMs?: number;
}

const ALLOWED: readonly (keyof RequestLogFields)[] = [
  'method',
  'resourceType',
  'status',
  'durationMs',
  'requestId',
  'attempt',
  'code',
  'retryInMs',
];

/**
 * Writes one request log line with an allow-list of fields; a throwing logger never breaks a
 * request.
 *
 * @param logger - the injected logger
 * @param level - log level
 * @param msg - a constant message
 * @param fields - request facts; anything outside {@link RequestLogFields} is dropped
 * @example
 * ```ts
 * logRequest(logger, 'debug', 'cerner-fhir: response', { method: 'GET', resourceType: 'Patient', status: 200 });
 * ```
 */
export function logRequest(
  logger: Logger,
  level: keyof Logger,
  msg: string,
  fields: RequestLogFields,
): void {
  const safe: Record<string, unknown> = {};
  for (const k of ALLOWED) if (fields[k] !== undefined) safe[k] = fields[k];
  safeLog(logger, level, msg, safe);
}
