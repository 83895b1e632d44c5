import type { Request } from 'express';
import type { MockState } from '../state/mock-state.js';

/** The origin absolute URLs are built on: the configured public URL, else the request's Host. */
export function requestOrigin(state: MockState, req: Request): string {
  if (state.publicUrl) return state.publicUrl.replace(/\/$/, '');
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}
