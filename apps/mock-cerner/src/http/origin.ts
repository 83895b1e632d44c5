import type { Request } from 'express';
import type { MockState } from '../state/mock-state.js';

/**
 * The origin absolute URLs are built on: the configured public URL, else the request's Host.
 *
 * @param state - anything with the mock's `publicUrl` (a tenant's state)
 * @param req - the request
 * @returns e.g. `http://127.0.0.1:8080`
 * @example
 * ```ts
 * requestOrigin(state, req); // 'http://127.0.0.1:8080'
 * ```
 */
export function requestOrigin(state: Pick<MockState, 'publicUrl'>, req: Request): string {
  if (state.publicUrl) return state.publicUrl.replace(/\/$/, '');
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}
