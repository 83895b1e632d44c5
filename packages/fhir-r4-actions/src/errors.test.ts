import { describe, expect, it } from 'vitest';
import { outcomes } from './__fixtures__/cerner-payloads.js';
import { FhirActionError, FhirActionErrorCode } from './errors.js';

describe('FhirActionError', () => {
  it('carries the HTTP facts and the flattened issues', () => {
    const cause = new Error('x');
    const e = new FhirActionError('not_found', 'GET Patient failed: HTTP 404', {
      status: 404,
      method: 'GET',
      url: 'https://x/r4/t/Patient/1',
      requestId: 'req',
      operationOutcome: outcomes.notFound as never,
      cause,
    });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      name: 'FhirActionError',
      code: 'not_found',
      status: 404,
      retryable: false,
      requestId: 'req',
      issues: [{ severity: 'error', code: 'not-found', text: 'Not Found' }],
    });
    expect(e.cause).toBe(cause);
    expect(e.toJSON()).toMatchObject({
      code: 'not_found',
      status: 404,
      issues: [{ code: 'not-found' }],
    });
    expect(JSON.stringify(e.toJSON())).not.toContain('operationOutcome');
  });
  it('isInstance works across copies of the package (Symbol.for marker)', () => {
    const foreign = Object.assign(new Error('other copy'), {
      [Symbol.for('cerner-kit.fhir-r4-actions.error')]: true,
    });
    expect(FhirActionError.isInstance(foreign)).toBe(true);
    expect(FhirActionError.isInstance(new Error('x'))).toBe(false);
    expect(FhirActionError.isInstance(null)).toBe(false);
    expect(FhirActionError.isInstance(new FhirActionError('timeout', 't'))).toBe(true);
  });
  it('codes are a stable set', () => {
    expect(Object.keys(FhirActionErrorCode).sort()).toEqual(
      [
        'aborted',
        'auth_failed',
        'bad_request',
        'bad_response',
        'conflict',
        'forbidden',
        'invalid_input',
        'missing_scope',
        'multiple_matches',
        'network',
        'not_found',
        'rate_limited',
        'server_error',
        'timeout',
        'unauthorized',
        'unprocessable',
      ].sort(),
    );
    for (const [k, v] of Object.entries(FhirActionErrorCode)) expect(k).toBe(v);
  });
});
