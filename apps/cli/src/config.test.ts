import { describe, expect, it } from 'vitest';
import { connect } from './config.js';
import { runDemoSteps } from './demo-steps.js';

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
});

describe('runDemoSteps', () => {
  it('prints a table and fails when a step fails', async () => {
    let out = '';
    const ok = await runDemoSteps(
      [
        { action: 'a', run: async () => 'fine' },
        {
          action: 'b',
          run: async () => Promise.reject(Object.assign(new Error('boom'), { code: 'not_found' })),
        },
      ],
      { write: (s: string) => (out += s) },
    );
    expect(ok).toBe(false);
    expect(out).toMatch(/a\s+ok\s+fine/);
    expect(out).toMatch(/b\s+FAILED\s+not_found: boom/);
    expect(out).toContain('1 of 2 actions succeeded');
  });
});
