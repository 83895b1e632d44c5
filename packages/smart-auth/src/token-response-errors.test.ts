import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cernerErrorUri, SECRET, TOKEN_URL } from './__fixtures__/cerner.js';
import { SmartAuthError } from './errors.js';
import { processTokenResponse } from './token-request.js';

const NOW = 1_767_225_600_000;
const ctx = { tokenUrl: TOKEN_URL, secrets: [SECRET] };

function fail(status: number, body: unknown, requested = ['system/Patient.read']): SmartAuthError {
  try {
    processTokenResponse(
      { status, body: typeof body === 'string' ? body : JSON.stringify(body) },
      requested,
      NOW,
      ctx,
    );
  } catch (e) {
    if (SmartAuthError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('processTokenResponse: errors', () => {
  it("maps Cerner's 400 empty-scopes body: invalid_scope, status, errorUri, the URN and the scopes by name", () => {
    const errorUri = cernerErrorUri('oauth2:token:empty-scopes');
    const e = fail(400, { error: 'invalid_scope', error_uri: errorUri }, ['system/Patient.read']);
    expect(e).toMatchObject({
      code: 'invalid_scope',
      status: 400,
      errorUri,
      retryable: false,
      missingScopes: ['system/Patient.read'],
    });
    expect(e.message).toContain('urn:cerner:error:authorization-server:oauth2:token:empty-scopes');
    expect(e.message).toContain('system/Patient.read');
    expect(e.message).toContain('system/Patient.rs'); // the v2 spelling to try
  });

  it('maps invalid_client at 401 and at 400', () => {
    const uri = cernerErrorUri('oauth2:token:invalid-client-credentials', 'unknown');
    expect(fail(401, { error: 'invalid_client', error_uri: uri })).toMatchObject({
      code: 'invalid_client',
      status: 401,
      errorUri: uri,
    });
    expect(fail(400, { error: 'invalid_client' })).toMatchObject({
      code: 'invalid_client',
      status: 400,
    });
    const sig = cernerErrorUri('client-assertion:jwt-bearer:invalid-signature');
    expect(fail(401, { error: 'invalid_client', error_uri: sig }).message).toContain(
      'invalid-signature',
    );
  });

  it('a 401 without an OAuth body is invalid_client', () => {
    expect(fail(401, '')).toMatchObject({ code: 'invalid_client', status: 401 });
    expect(fail(401, '<html>Unauthorized</html>')).toMatchObject({
      code: 'invalid_client',
      status: 401,
    });
  });

  it('passes the other RFC 6749 codes through', () => {
    for (const error of [
      'invalid_request',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
    ]) {
      expect(
        fail(400, { error, error_uri: cernerErrorUri(`oauth2:token:${error}`) }),
      ).toMatchObject({ code: error, status: 400 });
    }
  });

  it('unknown error strings and non-OAuth bodies are bad_response; 429 and 5xx are retryable', () => {
    expect(fail(400, { error: 'something_new' })).toMatchObject({
      code: 'bad_response',
      status: 400,
      retryable: false,
    });
    expect(fail(400, { error: 'toString' })).toMatchObject({ code: 'bad_response' });
    expect(fail(500, { error: 'server_error' })).toMatchObject({
      code: 'bad_response',
      status: 500,
      retryable: true,
    });
    expect(fail(503, { error: 'temporarily_unavailable' })).toMatchObject({
      code: 'bad_response',
      status: 503,
      retryable: true,
    });
    expect(fail(502, '<html>Bad gateway</html>')).toMatchObject({
      code: 'bad_response',
      status: 502,
      retryable: true,
    });
    expect(fail(429, '')).toMatchObject({ code: 'bad_response', status: 429, retryable: true });
    expect(fail(404, 'Not Found')).toMatchObject({
      code: 'bad_response',
      status: 404,
      retryable: false,
    });
  });

  it('keeps error_description behind serverText(), scrubbed; message, toJSON and inspect never show it', () => {
    const e = fail(401, {
      error: 'invalid_client',
      error_description: `secret ${SECRET} does not match; patient Jane Doe MRN 292392\n`,
    });
    expect(e.serverText()).toContain('does not match');
    expect(e.serverText()).toContain('[redacted]');
    expect(e.serverText()).not.toContain(SECRET);
    const visible = e.message + JSON.stringify(e) + inspect(e, { depth: 5 }) + String(e.stack);
    for (const needle of ['does not match', 'Jane Doe', '292392', SECRET]) {
      expect(visible).not.toContain(needle);
    }
    expect(e.message).toContain('invalid_client');
    expect(e.message).toContain('serverText()');
  });

  it('a non-code error string is server text too; the message says only that it was non-standard', () => {
    const e = fail(400, { error: 'Patient Jane Doe is locked' });
    expect(e.code).toBe('bad_response');
    expect(e.message).not.toContain('Jane');
    expect(e.serverText()).toBe('Patient Jane Doe is locked');
    expect(fail(400, { error: 'invalid_request' }).serverText()).toBeUndefined();
  });
});
