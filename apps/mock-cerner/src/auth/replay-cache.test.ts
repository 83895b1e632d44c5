import { describe, expect, it } from 'vitest';
import { ReplayCache } from './replay-cache.js';

describe('ReplayCache', () => {
  it('refuses a replayed jti of the same client only', () => {
    const replay = new ReplayCache(() => 0);
    expect(replay.remember('a', 'j1', 300)).toBe(true);
    expect(replay.remember('a', 'j1', 300)).toBe(false);
    expect(replay.remember('b', 'j1', 300)).toBe(true);
  });

  it('one client filling its pool cannot lock the other clients out', () => {
    const replay = new ReplayCache(() => 0, 30_000, 3);
    for (let i = 0; i < 3; i++) expect(replay.remember('noisy', `n-${i}`, 300)).toBe(true);
    expect(replay.remember('noisy', 'n-3', 300)).toBe(false); // its own pool is full
    expect(replay.remember('quiet', 'q-0', 300)).toBe(true); // others go on
    expect(replay.remember('other', 'o-0', 300)).toBe(true);
    expect(replay.size).toBe(5);
  });

  it('frees a full pool once its entries expire (exp + leeway)', () => {
    let now = 0;
    const replay = new ReplayCache(() => now, 30_000, 2);
    replay.remember('a', 'j1', 10);
    replay.remember('a', 'j2', 10);
    expect(replay.remember('a', 'j3', 10)).toBe(false);
    now = 10_000 + 30_000;
    expect(replay.remember('a', 'j3', 100)).toBe(true);
    replay.prune(now + 1_000_000);
    expect(replay.size).toBe(0);
  });
});
