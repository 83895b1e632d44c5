import { describe, expect, it } from 'vitest';
import { discoverSmartConfiguration } from './discovery.js';

describe('discoverSmartConfiguration', () => {
  it('resolves a relative token endpoint against the FHIR base', async () => {
    const fetch = (async (url: string) => {
      expect(url).toBe('https://fhir.example/r4/t/.well-known/smart-configuration');
      return new Response(JSON.stringify({ token_endpoint: 'token', capabilities: ['permission-v2'] }));
    }) as unknown as typeof globalThis.fetch;
    const c = await discoverSmartConfiguration('https://fhir.example/r4/t/', { fetch });
    expect(c.token_endpoint).toBe('https://fhir.example/r4/t/token');
    expect(c.capabilities).toEqual(['permission-v2']);
  });
  it('fails with discovery_failed and the status', async () => {
    const fetch = (async () => new Response('{}', { status: 404 })) as unknown as typeof globalThis.fetch;
    await expect(discoverSmartConfiguration('https://fhir.example/r4/t', { fetch })).rejects.toMatchObject({ code: 'discovery_failed', status: 404 });
    const noToken = (async () => new Response('{"issuer":"x"}')) as unknown as typeof globalThis.fetch;
    await expect(discoverSmartConfiguration('https://fhir.example/r4/t', { fetch: noToken })).rejects.toMatchObject({ code: 'discovery_failed' });
  });
});
