import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T10:00:00.000Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('5', now)).toBe(5_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date relative to now; a past date is 0', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent and unreadable values', () => {
    for (const v of [null, undefined, '', 'soon', '-5', '1.5', '5s']) {
      expect(parseRetryAfter(v, now), String(v)).toBeUndefined();
    }
  });
});

describe('backoffMs', () => {
  it('grows exponentially with full jitter and is capped', () => {
    expect(backoffMs(0, 200, 10_000, () => 0.5)).toBe(100);
    expect(backoffMs(3, 200, 10_000, () => 0.5)).toBe(800);
    expect(backoffMs(10, 200, 1_000, () => 0.999)).toBeLessThanOrEqual(1_000);
    expect(backoffMs(2, 200, 10_000, () => 0)).toBe(0);
  });
});
