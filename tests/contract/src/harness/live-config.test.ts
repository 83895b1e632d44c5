import { describe, expect, it } from 'vitest';
import { readLiveConfig } from './live-config.js';

const base = {
  CERNER_LIVE: '1',
  CERNER_TENANT_ID: 'ec2458f2-1e24-41c8-b71b-0e701af7583d',
  CERNER_CLIENT_ID: 'system-client',
};

describe('readLiveConfig', () => {
  it('skips, with one line saying how to enable, unless CERNER_LIVE=1', () => {
    expect(readLiveConfig({})).toEqual({ skip: expect.stringMatching(/set CERNER_LIVE=1/) });
    expect(readLiveConfig({ ...base, CERNER_LIVE: 'true', CERNER_CLIENT_SECRET: 's' })).toEqual({
      skip: expect.stringMatching(/skipped/),
    });
  });

  it('names every missing variable', () => {
    const r = readLiveConfig({ CERNER_LIVE: '1' });
    expect(r).toEqual({ skip: expect.stringContaining('CERNER_TENANT_ID, CERNER_CLIENT_ID') });
    expect((r as { skip: string }).skip).toContain(
      'CERNER_CLIENT_SECRET or CERNER_PRIVATE_KEY_FILE + CERNER_KEY_ID',
    );
    // A key file without its key id is not enough either.
    expect(readLiveConfig({ ...base, CERNER_PRIVATE_KEY_FILE: '/k.pem' })).toHaveProperty('skip');
  });

  it('never puts a secret in the skip line', () => {
    const r = readLiveConfig({ CERNER_LIVE: '1', CERNER_CLIENT_SECRET: 'very-secret-value' });
    expect(JSON.stringify(r)).not.toContain('very-secret-value');
  });

  it('reads a secret-based config with the ids the read suites use', () => {
    expect(
      readLiveConfig({
        ...base,
        CERNER_CLIENT_SECRET: 's',
        CERNER_ENVIRONMENT: 'production',
        CERNER_LIVE_PATIENT_ID: '12724066',
        CERNER_LIVE_MRN: '292392',
      }),
    ).toEqual({
      tenantId: base.CERNER_TENANT_ID,
      environment: 'production',
      clientId: 'system-client',
      clientSecret: 's',
      patientId: '12724066',
      mrn: '292392',
    });
  });

  it('reads a private-key config with its algorithm; an unknown algorithm is not guessed', () => {
    const key = { ...base, CERNER_PRIVATE_KEY_FILE: '/k.pem', CERNER_KEY_ID: 'k1' };
    expect(readLiveConfig({ ...key, CERNER_KEY_ALG: 'ES384' })).toMatchObject({
      privateKeyFile: '/k.pem',
      keyId: 'k1',
      keyAlg: 'ES384',
    });
    expect(readLiveConfig({ ...key, CERNER_KEY_ALG: 'HS256' })).not.toHaveProperty('keyAlg');
    // An environment other than sandbox/production is ignored (the base URL then decides).
    expect(readLiveConfig({ ...key, CERNER_ENVIRONMENT: 'staging' })).not.toHaveProperty(
      'environment',
    );
  });
});
