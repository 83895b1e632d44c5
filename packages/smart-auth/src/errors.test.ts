import { describe, expect, it } from 'vitest';
import { oauthErrorCode, SmartAuthError, SmartAuthErrorCode } from './errors.js';

describe('SmartAuthError', () => {
  it('carries code, status, errorUri, retryable and missingScopes', () => {
    const cause = new Error('inner');
    const e = new SmartAuthError('invalid_scope', 'nothing granted', {
      status: 400,
      errorUri: 'https://authorization.cerner.com/errors/x',
      missingScopes: ['system/Patient.read'],
      cause,
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SmartAuthError');
    expect(e).toMatchObject({
      code: 'invalid_scope',
      status: 400,
      retryable: false,
      missingScopes: ['system/Patient.read'],
    });
    expect(e.cause).toBe(cause);
  });

  it('isInstance works across copies of the package (the Symbol.for marker)', () => {
    const foreign = Object.assign(new Error('x'), {
      code: 'timeout',
      [Symbol.for('cerner-kit.smart-auth.error')]: true,
    });
    expect(SmartAuthError.isInstance(foreign)).toBe(true);
    expect(SmartAuthError.isInstance(new SmartAuthError('network', 'x'))).toBe(true);
    expect(SmartAuthError.isInstance(new Error('x'))).toBe(false);
    expect(SmartAuthError.isInstance({ code: 'timeout' })).toBe(false);
    expect(SmartAuthError.isInstance(null)).toBe(false);
    expect(SmartAuthError.isInstance('invalid_client')).toBe(false);
  });

  it('serialises without cause or stack', () => {
    const e = new SmartAuthError('bad_response', 'm', {
      status: 502,
      retryable: true,
      cause: new Error('raw body here'),
    });
    const parsed = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      name: 'SmartAuthError',
      code: 'bad_response',
      message: 'm',
      status: 502,
      retryable: true,
    });
    expect(JSON.stringify(e)).not.toContain('raw body here');
    expect(Object.keys(e)).not.toContain('cause');
  });

  it('codes are their own names', () => {
    for (const [k, v] of Object.entries(SmartAuthErrorCode)) expect(k).toBe(v);
  });
});

describe('oauthErrorCode', () => {
  it('passes RFC 6749 codes through and maps everything else to bad_response', () => {
    for (const c of [
      'invalid_client',
      'invalid_scope',
      'invalid_request',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
    ]) {
      expect(oauthErrorCode(c)).toBe(c);
    }
    for (const c of [
      'server_error',
      'temporarily_unavailable',
      'timeout',
      'missing_scope',
      'toString',
      '__proto__',
      'constructor',
      undefined,
    ]) {
      expect(oauthErrorCode(c)).toBe('bad_response');
    }
  });
});
