import { describe, expect, it } from 'vitest';
import { errorMarker, hasErrorMarker } from './error-marker.js';

describe('errorMarker / hasErrorMarker', () => {
  it('is the registered symbol, so another copy of a package recognises the error', () => {
    const marker = errorMarker('smart-auth');
    expect(marker).toBe(Symbol.for('cerner-kit.smart-auth.error'));
    const fromAnotherCopy = Object.assign(new Error('x'), {
      [Symbol.for('cerner-kit.smart-auth.error')]: true,
    });
    expect(hasErrorMarker(fromAnotherCopy, marker)).toBe(true);
  });
  it('is false for other packages, other values and non-objects', () => {
    const marker = errorMarker('hl7-adapters');
    expect(
      hasErrorMarker(Object.assign(new Error(), { [errorMarker('smart-auth')]: true }), marker),
    ).toBe(false);
    expect(hasErrorMarker(Object.assign(new Error(), { [marker]: 'yes' }), marker)).toBe(false);
    expect(hasErrorMarker(null, marker)).toBe(false);
    expect(hasErrorMarker('error', marker)).toBe(false);
  });
  it('refuses a package name that is not kebab-case', () => {
    expect(() => errorMarker('Smart Auth')).toThrow(TypeError);
  });
});
