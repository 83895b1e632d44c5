import { describe, expect, it } from 'vitest';
import { failureCode, isNotSent } from './network-failure.js';

const withCode = (code: string): Error => Object.assign(new Error(`x ${code}`), { code });
const fetchFailed = (cause: unknown): TypeError => new TypeError('fetch failed', { cause });

describe('failureCode', () => {
  it('finds the system or undici code in the cause chain', () => {
    expect(failureCode(fetchFailed(withCode('ECONNREFUSED')))).toBe('ECONNREFUSED');
    expect(failureCode(fetchFailed(withCode('UND_ERR_SOCKET')))).toBe('UND_ERR_SOCKET');
    expect(failureCode(withCode('ECONNRESET'))).toBe('ECONNRESET');
  });
  it('ignores other codes, non-objects and chains deeper than four', () => {
    expect(failureCode(withCode('invalid_scope'))).toBeUndefined();
    expect(failureCode('ECONNREFUSED')).toBeUndefined();
    expect(failureCode(null)).toBeUndefined();
    let deep: unknown = withCode('ECONNREFUSED');
    for (let i = 0; i < 4; i += 1) deep = new Error('wrap', { cause: deep });
    expect(failureCode(deep)).toBeUndefined();
  });
});

describe('isNotSent', () => {
  it('is true only for failures while connecting', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ENETUNREACH',
      'EHOSTUNREACH',
      'UND_ERR_CONNECT_TIMEOUT',
    ]) {
      expect(isNotSent(fetchFailed(withCode(code)))).toBe(true);
    }
    expect(isNotSent(fetchFailed(withCode('ECONNRESET')))).toBe(false);
    expect(isNotSent(fetchFailed(withCode('UND_ERR_SOCKET')))).toBe(false);
    expect(isNotSent(undefined)).toBe(false);
  });
});
