import { describe, expect, it } from 'vitest';
import { readLiveConfig } from './live-config.js';

const base = {
  CERNER_LIVE: '1',
  CERNER_TENANT_ID: 'ec2458f2-1e24-41c8-b71b-0e701af7583d',
  CERNER_ENVIRONMENT: 'sandbox',
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
    expect(r).toEqual({
      skip: expect.stringContaining(
        'CERNER_FHIR_BASE_URL, or CERNER_TENANT_ID with CERNER_ENVIRONMENT',
      ),
    });
    expect((r as { skip: string }).skip).toContain('CERNER_CLIENT_ID');
    expect((r as { skip: string }).skip).toContain(
      'CERNER_CLIENT_SECRET, or CERNER_PRIVATE_KEY_FILE with CERNER_KEY_ID',
    );
    // A key file without its key id is not enough either.
    expect(readLiveConfig({ ...base, CERNER_PRIVATE_KEY_FILE: '/k.pem' })).toEqual({
      skip: expect.stringContaining('CERNER_KEY_ID'),
    });
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
      fhirBaseUrl: `https://fhir-ehr.cerner.com/r4/${base.CERNER_TENANT_ID}`,
      tokenUrl: `https://authorization.cerner.com/tenants/${base.CERNER_TENANT_ID}/protocols/oauth2/profiles/smart-v1/token`,
      clientId: 'system-client',
      credentials: { kind: 'client_secret', clientSecret: 's' },
      writes: false,
      patientId: '12724066',
      mrn: '292392',
    });
  });

  it('reads a private-key config with its algorithm; a bad value is named, not guessed', () => {
    const key = { ...base, CERNER_PRIVATE_KEY_FILE: '/k.pem', CERNER_KEY_ID: 'k1' };
    expect(readLiveConfig({ ...key, CERNER_KEY_ALG: 'ES384' })).toMatchObject({
      credentials: { kind: 'private_key', privateKeyFile: '/k.pem', keyId: 'k1', alg: 'ES384' },
    });
    // The CLIs and the suites read CERNER_* the same way (core's cernerConfigFromEnv): a value
    // they cannot use is a skip naming the variable, where this harness used to ignore it.
    expect(readLiveConfig({ ...key, CERNER_KEY_ALG: 'HS256' })).toEqual({
      skip: expect.stringContaining('CERNER_KEY_ALG'),
    });
    expect(readLiveConfig({ ...key, CERNER_ENVIRONMENT: 'staging' })).toEqual({
      skip: expect.stringContaining('CERNER_ENVIRONMENT'),
    });
  });

  it('allows writes to the live tenant only with CERNER_LIVE_WRITES=1', () => {
    const env = { ...base, CERNER_CLIENT_SECRET: 's' };
    expect(readLiveConfig(env)).toMatchObject({ writes: false });
    expect(readLiveConfig({ ...env, CERNER_LIVE_WRITES: 'true' })).toMatchObject({ writes: false });
    expect(readLiveConfig({ ...env, CERNER_LIVE_WRITES: '1' })).toMatchObject({ writes: true });
  });

  it('names an unknown CERNER_* variable with the nearest valid name', () => {
    expect(
      readLiveConfig({ ...base, CERNER_CLIENT_SECRET: 's', CERNER_LIVE_PATIENTID: '1' }),
    ).toEqual({
      skip: expect.stringContaining(
        'CERNER_LIVE_PATIENTID is not a cerner-kit variable: did you mean CERNER_LIVE_PATIENT_ID?',
      ),
    });
  });
});
