import { FhirActionError } from '@cerner-kit/fhir-r4-actions';
import { describe, expect, it } from 'vitest';
import { classifyCreateError } from './outcome.js';

const err = (
  code: ConstructorParameters<typeof FhirActionError>[0],
  o: ConstructorParameters<typeof FhirActionError>[2],
) => new FhirActionError(code, 'x', o);

describe('classifyCreateError', () => {
  it('a refusal retrying cannot fix is dead, with the OperationOutcome text', () => {
    const out = classifyCreateError(
      err('unprocessable', {
        status: 422,
        mayHaveSucceeded: false,
        operationOutcome: {
          resourceType: 'OperationOutcome',
          issue: [
            { severity: 'error', code: 'invalid', details: { text: 'Unprocessable entity' } },
          ],
        },
      }),
    );
    expect(out).toEqual({
      type: 'dead',
      failure: { code: 'unprocessable', status: 422, text: 'Unprocessable entity' },
    });
  });
  it('a create that may have happened is in doubt, never resent as is', () => {
    expect(classifyCreateError(err('timeout', { mayHaveSucceeded: true }))).toMatchObject({
      type: 'retry',
      inDoubt: true,
    });
    expect(
      classifyCreateError(err('server_error', { status: 500, mayHaveSucceeded: true })),
    ).toMatchObject({ type: 'retry', inDoubt: true });
    expect(classifyCreateError(new Error('boom'))).toMatchObject({ type: 'retry', inDoubt: true });
  });
  it('certainly not processed: a plain retry honouring Retry-After', () => {
    expect(
      classifyCreateError(
        err('server_error', { status: 503, mayHaveSucceeded: false, retryAfterMs: 2000 }),
      ),
    ).toEqual({
      type: 'retry',
      inDoubt: false,
      failure: { code: 'server_error', status: 503 },
      retryAfterMs: 2000,
    });
    expect(
      classifyCreateError(err('rate_limited', { status: 429, mayHaveSucceeded: false })),
    ).toMatchObject({ type: 'retry', inDoubt: false });
    expect(classifyCreateError(err('network', { mayHaveSucceeded: false }))).toMatchObject({
      type: 'retry',
      inDoubt: false,
    });
  });
});
