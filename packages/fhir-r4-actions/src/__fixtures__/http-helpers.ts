import { expect } from 'vitest';
import { FhirActionError } from '../errors.js';

/** A GET and a POST through the HTTP layer. */
export const get = { method: 'GET', path: 'Patient/4400001' } as const;
export const post = { method: 'POST', path: 'Patient', body: { resourceType: 'Patient' } } as const;
/** Whether `p` has settled yet: a fake-timer test proves a timeout does not fire early. */
export const settlement = (p: Promise<unknown>): { readonly settled: boolean } => {
  const state = { settled: false };
  p.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
};
export const fail = (p: Promise<unknown>): Promise<FhirActionError> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => {
      expect(FhirActionError.isInstance(e)).toBe(true);
      return e as FhirActionError;
    },
  );
