import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cernerConfigFromEnv } from './cerner-config-from-env.js';
import { CernerConfigError } from './config-error.js';
import { readCernerCredentials } from './read-credentials.js';

const TENANT = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
const secretEnv = {
  CERNER_TENANT_ID: TENANT,
  CERNER_ENVIRONMENT: 'sandbox',
  CERNER_CLIENT_ID: 'system-client',
  CERNER_CLIENT_SECRET: 'very-secret-value',
};

function refused(env: Record<string, string>): CernerConfigError {
  try {
    cernerConfigFromEnv(env);
  } catch (e) {
    expect(CernerConfigError.isInstance(e)).toBe(true);
    expect(JSON.stringify({ m: (e as Error).message })).not.toContain('very-secret-value');
    return e as CernerConfigError;
  }
  throw new Error('expected a CernerConfigError');
}

describe('cernerConfigFromEnv', () => {
  it('no tenant variable: no tenant (the embedded mock); empty values count as unset', () => {
    const c = cernerConfigFromEnv({ CERNER_LIVE: '1', CERNER_CLIENT_ID: '', PATH: '/bin' });
    expect(c.tenant).toBeUndefined();
    expect(c.live).toEqual({ enabled: true, writes: false });
  });

  it('builds the URLs from the tenant id and environment', () => {
    expect(cernerConfigFromEnv(secretEnv).tenant).toEqual({
      tenantId: TENANT,
      environment: 'sandbox',
      fhirBaseUrl: `https://fhir-ehr-code.cerner.com/r4/${TENANT}`,
      tokenUrl: `https://authorization.cerner.com/tenants/${TENANT}/protocols/oauth2/profiles/smart-v1/token`,
      clientId: 'system-client',
      credentials: { kind: 'client_secret', clientSecret: 'very-secret-value' },
    });
  });

  it('explicit URLs win; without a token URL or tenant, discovery decides', () => {
    const c = cernerConfigFromEnv({
      CERNER_FHIR_BASE_URL: 'http://127.0.0.1:8080/r4/t',
      CERNER_CLIENT_ID: 'c',
      CERNER_PRIVATE_KEY_FILE: '/k.pem',
      CERNER_KEY_ID: 'k1',
      CERNER_KEY_ALG: 'ES384',
      CERNER_MRN_SYSTEM: 'urn:oid:1.2.3',
    });
    expect(c.tenant).toEqual({
      fhirBaseUrl: 'http://127.0.0.1:8080/r4/t',
      clientId: 'c',
      credentials: { kind: 'private_key', privateKeyFile: '/k.pem', keyId: 'k1', alg: 'ES384' },
      mrnSystem: 'urn:oid:1.2.3',
    });
  });

  it('names every missing variable in one message', () => {
    const e = refused({ CERNER_TENANT_ID: 't' });
    expect(e.variable).toBe('CERNER_ENVIRONMENT');
    expect(e.message).toContain(
      'CERNER_FHIR_BASE_URL, or CERNER_TENANT_ID with CERNER_ENVIRONMENT',
    );
    expect(e.message).toContain('CERNER_CLIENT_ID');
    expect(e.message).toContain(
      'CERNER_CLIENT_SECRET, or CERNER_PRIVATE_KEY_FILE with CERNER_KEY_ID',
    );
    expect(
      refused({ ...secretEnv, CERNER_CLIENT_SECRET: '', CERNER_PRIVATE_KEY_FILE: '/k' }).variable,
    ).toBe('CERNER_KEY_ID');
  });

  it('refuses a bad value, naming its variable and never echoing a secret', () => {
    expect(refused({ ...secretEnv, CERNER_ENVIRONMENT: 'staging' }).message).toBe(
      "CERNER_ENVIRONMENT must be 'sandbox' or 'production'",
    );
    expect(refused({ ...secretEnv, CERNER_KEY_ALG: 'HS256' }).variable).toBe('CERNER_KEY_ALG');
    expect(refused({ ...secretEnv, CERNER_FHIR_BASE_URL: 'fhir.example/r4' }).message).toBe(
      'CERNER_FHIR_BASE_URL: must be an absolute http(s) URL',
    );
    expect(refused({ ...secretEnv, CERNER_TOKEN_URL: 'ftp://x/token' }).variable).toBe(
      'CERNER_TOKEN_URL',
    );
    expect(refused({ CERNER_HL7_PORT: '70000' }).variable).toBe('CERNER_HL7_PORT');
  });

  it('names an unknown CERNER_* variable with the nearest valid one', () => {
    const e = refused({ ...secretEnv, CERNER_CLIENTID: 'x' });
    expect(e.variable).toBe('CERNER_CLIENTID');
    expect(e.message).toBe(
      'CERNER_CLIENTID is not a cerner-kit variable: did you mean CERNER_CLIENT_ID?',
    );
    expect(
      cernerConfigFromEnv(
        { CERNER_CLIENTID: 'x', CERNER_ZZZZZZZZZZZZZZZ: 'y' },
        { unknownVariables: 'ignore' },
      ).unknownVariables,
    ).toEqual([
      { variable: 'CERNER_CLIENTID', didYouMean: 'CERNER_CLIENT_ID' },
      { variable: 'CERNER_ZZZZZZZZZZZZZZZ' },
    ]);
  });

  it('skipTenant reads the HL7 endpoint without judging the tenant variables', () => {
    const c = cernerConfigFromEnv(
      { CERNER_TENANT_ID: 't', CERNER_HL7_PORT: '2575' },
      { skipTenant: true },
    );
    expect(c).toMatchObject({ tenant: undefined, hl7: { port: 2575 } });
    expect(() =>
      cernerConfigFromEnv({ CERNER_HL7_PROT: '1' }, { skipTenant: true }),
    ).toThrow(/did you mean CERNER_HL7_PORT/);
  });

  it('reads the HL7 endpoint and the live-suite settings', () => {
    const c = cernerConfigFromEnv({
      CERNER_HL7_HOST: 'hl7.example',
      CERNER_HL7_PORT: '2575',
      CERNER_LIVE: '1',
      CERNER_LIVE_WRITES: '1',
      CERNER_LIVE_PATIENT_ID: '12724066',
      CERNER_LIVE_MRN: '292392',
      CERNER_LIVE_ORGANIZATION_ID: '675844',
    });
    expect(c.hl7).toEqual({ host: 'hl7.example', port: 2575 });
    expect(c.live).toEqual({
      enabled: true,
      writes: true,
      patientId: '12724066',
      mrn: '292392',
      organizationId: '675844',
    });
    expect(cernerConfigFromEnv({ CERNER_LIVE: 'true' }).live.enabled).toBe(false);
  });
});

describe('readCernerCredentials', () => {
  it('passes a secret through and reads a key file', async () => {
    expect(await readCernerCredentials({ kind: 'client_secret', clientSecret: 's' })).toEqual({
      clientSecret: 's',
    });
    const dir = await mkdtemp(join(tmpdir(), 'cerner-core-'));
    await writeFile(join(dir, 'k.pem'), 'PEM');
    expect(
      await readCernerCredentials({
        kind: 'private_key',
        privateKeyFile: join(dir, 'k.pem'),
        keyId: 'k',
        alg: 'RS384',
      }),
    ).toEqual({ privateKey: 'PEM', keyId: 'k', alg: 'RS384' });
  });
  it('names CERNER_PRIVATE_KEY_FILE when the file cannot be read', async () => {
    const p = readCernerCredentials({
      kind: 'private_key',
      privateKeyFile: '/nonexistent/key.pem',
      keyId: 'k',
      alg: 'RS384',
    });
    await expect(p).rejects.toThrow(
      'CERNER_PRIVATE_KEY_FILE: cannot read /nonexistent/key.pem (ENOENT)',
    );
    await expect(p).rejects.toMatchObject({
      variable: 'CERNER_PRIVATE_KEY_FILE',
      code: 'invalid_config',
    });
  });
});
