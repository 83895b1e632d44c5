import { isMllpEntry, type AnyRequestLogEntry } from '../admin/request-log.js';

/**
 * One line of the `--log` access log for a request-log entry: time, tenant, method and path
 * (without the query, which can carry identifiers and names), status, duration, client, trace id
 * and fault; for an HL7 message its type, MSH-10, ACK code and sizes. Never bodies or headers.
 *
 * @param tenantId - the tenant the entry belongs to
 * @param entry - the entry as logged
 * @returns the line, without a newline
 * @example
 * ```ts
 * accessLogLine('t1', entry); // '2026-12-04T16:00:00.000Z t1 GET /r4/t1/Patient/1 200 1.2ms client=app'
 * ```
 */
export function accessLogLine(tenantId: string, entry: AnyRequestLogEntry): string {
  const fields: string[] = [entry.at, tenantId];
  if (isMllpEntry(entry)) {
    fields.push(
      'MLLP',
      entry.messageType || `(${entry.frameError ?? 'unparsed'})`,
      entry.controlId !== undefined ? `msh10=${JSON.stringify(entry.controlId)}` : '',
      entry.ack,
      `${entry.durationMs}ms`,
      `${entry.bytes}B`,
      entry.connectionId !== undefined ? `conn=${entry.connectionId}` : '',
      entry.fault ? `fault=${JSON.stringify(entry.fault)}` : '',
    );
  } else {
    const q = entry.path.indexOf('?');
    fields.push(
      entry.method,
      q < 0 ? entry.path : `${entry.path.slice(0, q)}?…`,
      String(entry.status),
      `${entry.durationMs}ms`,
      entry.clientId ? `client=${entry.clientId}` : '',
      entry.traceId ? `trace=${entry.traceId}` : '',
      entry.correlationId ? `correlation=${entry.correlationId}` : '',
      entry.fault ? `fault=${JSON.stringify(entry.fault)}` : '',
    );
  }
  return fields.filter(Boolean).join(' ');
}
