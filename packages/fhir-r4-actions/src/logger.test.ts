import { describe, expect, it } from 'vitest';
import { recordingLogger } from './__fixtures__/test-client.js';
import { logRequest, silentLogger } from './logger.js';

describe('logRequest', () => {
  it('passes only the allowed fields', () => {
    const logger = recordingLogger();
    logRequest(logger, 'debug', 'cerner-fhir: response', {
      method: 'GET',
      resourceType: 'Patient',
      status: 200,
      url: 'https://x?identifier=1',
      token: 't',
    } as never);
    expect(logger.lines).toEqual([
      {
        level: 'debug',
        msg: 'cerner-fhir: response',
        fields: { method: 'GET', resourceType: 'Patient', status: 200 },
      },
    ]);
  });
  it('a throwing logger never breaks a request', () => {
    const boom = {
      ...silentLogger,
      warn: () => {
        throw new Error('logger down');
      },
    };
    expect(() =>
      logRequest(boom, 'warn', 'm', { method: 'GET', resourceType: 'Patient' }),
    ).not.toThrow();
  });
});
