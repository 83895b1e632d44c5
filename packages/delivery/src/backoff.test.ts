import { describe, expect, it } from 'vitest';
import { nextDelayMs } from './backoff.js';

const policy = { baseDelayMs: 1000, maxDelayMs: 8000, budgetMs: 60_000, reconcileDelayMs: 0 };

describe('nextDelayMs', () => {
  it('doubles the ceiling per failure, capped, with full jitter between a tenth and all of it', () => {
    expect(nextDelayMs(1, policy, undefined, () => 0)).toBe(100);
    expect(nextDelayMs(1, policy, undefined, () => 0.999999)).toBe(1000);
    expect(nextDelayMs(3, policy, undefined, () => 0.999999)).toBe(4000);
    expect(nextDelayMs(10, policy, undefined, () => 0.999999)).toBe(8000);
    expect(nextDelayMs(10, policy, undefined, () => 0)).toBe(800);
  });
  it('never waits less than Retry-After', () => {
    expect(nextDelayMs(1, policy, 30_000, () => 0.5)).toBe(30_000);
    expect(nextDelayMs(4, policy, 10, () => 0.5)).toBe(Math.round(8000 * 0.55));
  });
});
