import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, connect } from './config.js';
import { demoReport, runDemoSteps } from './demo-steps.js';

describe('connect', () => {
  it('with no CERNER_* variables, talks to an embedded mock', async () => {
    const conn = await connect({});
    try {
      expect(conn.mode).toBe('embedded-mock');
      expect(await conn.client.findPatientByMrn({ mrn: '292392' })).toEqual({ id: '13115400' });
    } finally {
      await conn.close();
    }
  });
  it('names the missing variable', async () => {
    await expect(connect({ CERNER_TENANT_ID: 't' })).rejects.toThrow(
      /CERNER_FHIR_BASE_URL, or CERNER_TENANT_ID with CERNER_ENVIRONMENT/,
    );
    await expect(connect({ CERNER_TENANT_ID: 't', CERNER_ENVIRONMENT: 'sandbox' })).rejects.toThrow(
      /CERNER_CLIENT_ID/,
    );
    await expect(
      connect({ CERNER_TENANT_ID: 't', CERNER_ENVIRONMENT: 'sandbox', CERNER_CLIENT_ID: 'c' }),
    ).rejects.toThrow(/CERNER_CLIENT_SECRET/);
    const tenant = await connect({
      CERNER_TENANT_ID: 't',
      CERNER_ENVIRONMENT: 'production',
      CERNER_CLIENT_ID: 'c',
      CERNER_CLIENT_SECRET: 's',
    });
    expect(tenant.fhirBaseUrl).toBe('https://fhir-ehr.cerner.com/r4/t');
  });
  it('a bad value is a ConfigError naming its variable, never echoing a secret or key', async () => {
    const base = { CERNER_FHIR_BASE_URL: 'https://fhir.example/r4/t', CERNER_CLIENT_ID: 'c' };
    const refused = async (env: NodeJS.ProcessEnv): Promise<ConfigError> => {
      const e = await connect(env).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ConfigError);
      return e as ConfigError;
    };
    expect(
      (
        await refused({
          ...base,
          CERNER_FHIR_BASE_URL: 'fhir.example/r4',
          CERNER_CLIENT_SECRET: 's',
        })
      ).message,
    ).toBe('CERNER_FHIR_BASE_URL: must be an absolute http(s) URL');
    expect(
      (await refused({ ...base, CERNER_TOKEN_URL: 'nope', CERNER_CLIENT_SECRET: 's' })).message,
    ).toBe('CERNER_TOKEN_URL: must be an absolute http(s) URL');
    expect(
      (
        await refused({
          ...base,
          CERNER_PRIVATE_KEY_FILE: '/nonexistent/key.pem',
          CERNER_KEY_ID: 'k',
        })
      ).message,
    ).toBe('CERNER_PRIVATE_KEY_FILE: cannot read /nonexistent/key.pem (ENOENT)');
    const dir = await mkdtemp(join(tmpdir(), 'cerner-cli-'));
    const keyFile = join(dir, 'key.pem');
    const notAKey = 'not-a-pem-secret-material';
    await writeFile(keyFile, notAKey);
    expect(
      (
        await refused({
          ...base,
          CERNER_PRIVATE_KEY_FILE: keyFile,
          CERNER_KEY_ID: 'k',
          CERNER_KEY_ALG: 'es384',
        })
      ).message,
    ).toBe("CERNER_KEY_ALG must be 'RS384' or 'ES384'");
    const badKey = await refused({ ...base, CERNER_PRIVATE_KEY_FILE: keyFile, CERNER_KEY_ID: 'k' });
    expect(badKey.message).toMatch(/^CERNER_PRIVATE_KEY_FILE: /);
    expect(badKey.message).not.toContain(notAKey);
  });
});

describe('runDemoSteps / demoReport', () => {
  it('prints a table, the explanations and the counts; a failed step fails the run', async () => {
    const results = await runDemoSteps([
      { action: 'a', kind: 'fhir', explain: 'does A', run: async () => 'fine' },
      {
        action: 'b',
        kind: 'hl7',
        explain: 'does B',
        run: async () => Promise.reject(Object.assign(new Error('boom'), { code: 'not_found' })),
      },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    const out = demoReport(results);
    expect(out).toMatch(/1\s+a\s+FHIR\s+ok\s+fine/);
    expect(out).toMatch(/2\s+b\s+HL7\s+FAILED\s+not_found: boom/);
    expect(out).toContain('1. a: does A\n2. b: does B');
    expect(out).toContain('1 of 2 steps succeeded: 1 FHIR actions and 1 HL7 steps.');
  });
});
