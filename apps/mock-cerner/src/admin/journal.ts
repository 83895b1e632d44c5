import { Router, type Request, type Response } from 'express';
import type { MockState } from '../state/mock-state.js';
import { isMllpEntry, type AnyRequestLogEntry } from './request-log.js';

/** What a journal query selects (every field optional; all given ones must match). */
export interface JournalFilter {
  /** Only entries after this position (a mark from `nextSeq`). */
  since?: number;
  /** HTTP: the `X-Correlation-Id` sent; HL7: MSH-10 equal to it. */
  correlationId?: string;
  /** HTTP: the trace id of the `traceparent` sent (HL7 messages carry none). */
  traceId?: string;
  /** `http` or `mllp`. */
  protocol?: 'http' | 'mllp';
  /** HTTP method, e.g. `POST`. */
  method?: string;
  /** HTTP: a substring of the path (with query, as logged). */
  path?: string;
}

/**
 * The entries of a tenant's request log that a filter selects, oldest first, each tagged with its
 * protocol. HL7 messages match a `correlationId` by their MSH-10 (send the correlation id as the
 * control id to tie a message to a test); a `traceId` selects HTTP requests only.
 *
 * @param entries - the log's entries with their positions (`requestLog.positioned()`)
 * @param filter - see {@link JournalFilter}
 * @returns the selected entries
 * @example
 * ```ts
 * selectJournal(state.requestLog.positioned(), { correlationId: 'test-42', method: 'POST' });
 * ```
 */
export function selectJournal(
  entries: readonly { seq: number; entry: AnyRequestLogEntry }[],
  filter: JournalFilter,
): (AnyRequestLogEntry & { seq: number })[] {
  const method = filter.method?.toUpperCase();
  return entries
    .filter(({ seq }) => filter.since === undefined || seq > filter.since)
    .map(({ seq, entry: e }) =>
      isMllpEntry(e) ? { seq, ...e } : { seq, protocol: 'http' as const, ...e },
    )
    .filter((e) => {
      if (filter.protocol !== undefined && e.protocol !== filter.protocol) return false;
      if (isMllpEntry(e)) {
        if (filter.traceId !== undefined || method !== undefined || filter.path !== undefined) {
          return false;
        }
        return filter.correlationId === undefined || e.controlId === filter.correlationId;
      }
      return (
        (filter.correlationId === undefined || e.correlationId === filter.correlationId) &&
        (filter.traceId === undefined || e.traceId === filter.traceId) &&
        (method === undefined || e.method === method) &&
        (filter.path === undefined || e.path.includes(filter.path))
      );
    });
}

/**
 * Reads a journal filter from query parameters.
 *
 * @param query - `since`, `correlationId`, `traceId`, `protocol`, `method`, `path`
 * @returns the filter, or an error text naming the parameter
 * @example
 * ```ts
 * parseJournalQuery({ since: '12', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
 * ```
 */
export function parseJournalQuery(query: Record<string, unknown>): JournalFilter | string {
  const filter: JournalFilter = {};
  for (const key of ['correlationId', 'traceId', 'method', 'path', 'protocol', 'since']) {
    const v = query[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > 512) return `${key}: one value, at most 512 characters`;
    if (key === 'since') {
      if (!/^\d{1,15}$/.test(v)) return 'since: a position (a non-negative integer)';
      filter.since = Number(v);
    } else if (key === 'protocol') {
      if (v !== 'http' && v !== 'mllp') return "protocol: 'http' or 'mllp'";
      filter.protocol = v;
    } else if (key === 'traceId') {
      if (!/^[\da-f]{32}$/.test(v)) return 'traceId: 32 lower-case hex digits';
      filter.traceId = v;
    } else {
      filter[key as 'correlationId' | 'method' | 'path'] = v;
    }
  }
  return filter;
}

/**
 * `GET /admin/journal` (or `/admin/tenants/{id}/journal`): the requests and HL7 messages of a
 * tenant that match the query (see {@link parseJournalQuery}), as `{ entries, next }`; `next` is
 * the mark to pass as `since` to see only what comes later. `GET /admin/journal/mark` answers
 * `{ next }` alone.
 *
 * @param state - the tenant's state
 * @returns the router
 * @example
 * ```ts
 * admin.use(createJournalRouter(state));
 * ```
 */
export function createJournalRouter(state: MockState): Router {
  const router = Router();
  router.get('/journal/mark', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json({ next: state.requestLog.nextSeq() - 1 });
  });
  router.get('/journal', (req: Request, res: Response) => {
    const filter = parseJournalQuery(req.query);
    if (typeof filter === 'string') {
      res.status(400).json({ error: 'invalid_request', error_description: filter });
      return;
    }
    res.set('Cache-Control', 'no-store').json({
      entries: selectJournal(state.requestLog.positioned(), filter),
      next: state.requestLog.nextSeq() - 1,
    });
  });
  return router;
}
