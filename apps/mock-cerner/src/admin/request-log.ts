import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendOutcome } from '../http/operation-outcome.js';
import type { MockState } from '../state/mock-state.js';

/** One logged request. Headers are kept with credentials redacted; bodies are never kept (PHI). */
export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  clientId?: string;
  requestId?: string;
  fault?: string;
  headers: Record<string, string>;
}

const REDACT = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Bounded in-memory request log (newest last). */
export interface RequestLog {
  add(entry: RequestLogEntry): void;
  list(): RequestLogEntry[];
  clear(): void;
}

export function createRequestLog(limit = 1000): RequestLog {
  let entries: RequestLogEntry[] = [];
  return {
    add(e) {
      entries.push(e);
      if (entries.length > limit) entries = entries.slice(-limit);
    },
    list: () => [...entries],
    clear() {
      entries = [];
    },
  };
}

function redactedHeaders(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    out[k] = REDACT.has(k) ? `${value.split(' ')[0]} [redacted]` : value;
  }
  return out;
}

/**
 * Runs first for every request: applies injected faults (token and FHIR routes), then logs the
 * request when the response finishes. The admin API itself is neither faulted nor logged.
 */
export function requestLogMiddleware(state: MockState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/admin')) {
      next();
      return;
    }
    const started = performance.now();
    const fault = state.faults.match(req.method, req.path);
    res.on('finish', () => {
      const auth = res.locals.auth as { clientId?: string } | undefined;
      state.requestLog.add({
        at: new Date(state.now()).toISOString(),
        method: req.method,
        path: req.originalUrl,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(auth?.clientId ? { clientId: auth.clientId } : {}),
        ...(typeof res.locals.requestId === 'string' ? { requestId: res.locals.requestId } : {}),
        ...(fault ? { fault: fault.drop ? 'drop' : fault.status ? `status ${fault.status}` : `latency ${fault.latencyMs} ms` } : {}),
        headers: redactedHeaders(req),
      });
    });
    if (!fault) {
      next();
      return;
    }
    const apply = (): void => {
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.status === undefined) {
        next();
        return;
      }
      if (fault.retryAfter !== undefined) res.set('Retry-After', String(fault.retryAfter));
      if (fault.body !== undefined) {
        res.status(fault.status).json(fault.body);
        return;
      }
      sendOutcome(res, fault.status, fault.status >= 500 ? 'transient' : 'processing', `Injected fault: HTTP ${fault.status}`);
    };
    if (fault.latencyMs) setTimeout(apply, fault.latencyMs);
    else apply();
  };
}
