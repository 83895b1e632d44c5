import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FHIR_BASE,
  fakeFetch,
  hangingFetch,
  json,
  settlement,
  TOKEN_URL,
} from './__fixtures__/cerner.js';
import { discoverSmartConfiguration, smartConfigurationUrl } from './discovery.js';

/** The parts of Cerner's sandbox document a backend client cares about. */
const cernerConfig = {
  issuer: 'https://authorization.cerner.com/tenants/ec2458f2-1e24-41c8-b71b-0e701af7583d',
  token_endpoint: TOKEN_URL,
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
  token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
  grant_types_supported: ['authorization_code', 'client_credentials'],
  scopes_supported: ['system/Patient.read', 'system/Patient.write', 'system/Patient.crus'],
  capabilities: [
    'client-confidential-symmetric',
    'client-confidential-asymmetric',
    'permission-v1',
    'permission-v2',
  ],
  jwks_uri: 'https://authorization.cerner.com/jwk',
};

afterEach(() => {
  vi.useRealTimers();
});

describe('smartConfigurationUrl', () => {
  it('removes one trailing slash and keeps the base path', () => {
    expect(smartConfigurationUrl('https://fhir.example/r4/t')).toBe(
      'https://fhir.example/r4/t/.well-known/smart-configuration',
    );
    expect(smartConfigurationUrl('https://fhir.example/r4/t/')).toBe(
      'https://fhir.example/r4/t/.well-known/smart-configuration',
    );
  });
});

describe('discoverSmartConfiguration', () => {
  it('GETs the well-known document with Accept: application/json and keeps every field', async () => {
    const fetch = fakeFetch(() => json(cernerConfig));
    const config = await discoverSmartConfiguration(`${FHIR_BASE}/`, { fetch });
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.url).toBe(`${FHIR_BASE}/.well-known/smart-configuration`);
    expect(fetch.calls[0]!.method).toBe('GET');
    expect(fetch.calls[0]!.headers.get('accept')).toBe('application/json');
    expect(config).toEqual(cernerConfig);
  });

  it('resolves a relative token_endpoint against the FHIR base, keeps an absolute one verbatim', async () => {
    const rel = await discoverSmartConfiguration('https://fhir.example/r4/t', {
      fetch: fakeFetch(() => json({ token_endpoint: 'auth/token' })),
    });
    expect(rel.token_endpoint).toBe('https://fhir.example/r4/t/auth/token');
    const root = await discoverSmartConfiguration('https://fhir.example/r4/t/', {
      fetch: fakeFetch(() => json({ token_endpoint: '/oauth/token' })),
    });
    expect(root.token_endpoint).toBe('https://fhir.example/oauth/token');
    const odd = 'https://Auth.Example:443/token';
    const abs = await discoverSmartConfiguration('https://fhir.example/r4/t', {
      fetch: fakeFetch(() => json({ token_endpoint: odd })),
    });
    expect(abs.token_endpoint).toBe(odd);
  });

  it('fails with discovery_failed and the status for HTTP errors', async () => {
    for (const status of [401, 404, 500, 503]) {
      const err = discoverSmartConfiguration(FHIR_BASE, {
        fetch: fakeFetch(() => json({ resourceType: 'OperationOutcome' }, status)),
      });
      await expect(err).rejects.toMatchObject({
        code: 'discovery_failed',
        status,
        retryable: status >= 500,
      });
    }
  });

  it('keeps an http token_endpoint under an http base (the local mock)', async () => {
    const config = await discoverSmartConfiguration('http://127.0.0.1:8080/r4/t', {
      fetch: fakeFetch(() => json({ token_endpoint: 'http://127.0.0.1:8080/token' })),
    });
    expect(config.token_endpoint).toBe('http://127.0.0.1:8080/token');
  });

  it('fails with discovery_failed for bodies that are not a usable document', async () => {
    const bodies: [string, RegExp][] = [
      ['<html>not json</html>', /not JSON/],
      ['[]', /not a JSON object/],
      ['null', /not a JSON object/],
      ['{"issuer":"x"}', /token_endpoint is missing/],
      ['{"token_endpoint":42}', /token_endpoint is missing/],
      ['{"token_endpoint":"ftp://auth.example/token"}', /not an http\(s\) URL/],
      // The secret must not leave TLS, nor travel in a URL that ends up in messages and logs.
      ['{"token_endpoint":"http://auth.example/token"}', /is http: while the FHIR base is https:/],
      ['{"token_endpoint":"https://u:p@auth.example/token"}', /user name or password/],
      [
        '{"token_endpoint":"https://a.example/t","grant_types_supported":"client_credentials"}',
        /grant_types_supported/,
      ],
    ];
    for (const [body, message] of bodies) {
      const p = discoverSmartConfiguration(FHIR_BASE, { fetch: fakeFetch(() => json(body)) });
      await expect(p, body).rejects.toMatchObject({
        code: 'discovery_failed',
        status: 200,
        message: expect.stringMatching(message) as unknown,
      });
    }
  });

  it('refuses timeoutMs above 2^31 - 1 ms (Node would fire after 1 ms) before any request', async () => {
    const fetch = fakeFetch();
    for (const timeoutMs of [2 ** 31, 0, Number.NaN, Infinity]) {
      await expect(
        discoverSmartConfiguration(FHIR_BASE, { fetch, timeoutMs }),
      ).rejects.toMatchObject({
        code: 'invalid_options',
        field: 'timeoutMs',
      });
    }
    expect(fetch.calls).toHaveLength(0);
  });

  it('times out with code timeout (fake clock, no sleeping)', async () => {
    vi.useFakeTimers();
    const p = discoverSmartConfiguration(FHIR_BASE, { fetch: hangingFetch(), timeoutMs: 5_000 });
    const state = settlement(p);
    const settled = expect(p).rejects.toMatchObject({ code: 'timeout', retryable: true });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(state.settled).toBe(false); // not a millisecond early
    await vi.advanceTimersByTimeAsync(1);
    await settled;
  });

  it('honours the caller signal and reports network failures', async () => {
    const controller = new AbortController();
    const p = discoverSmartConfiguration(FHIR_BASE, {
      fetch: hangingFetch(),
      signal: controller.signal,
    });
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: 'network', retryable: false });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(discoverSmartConfiguration(FHIR_BASE, { fetch: down })).rejects.toMatchObject({
      code: 'network',
      retryable: true,
    });
  });

  it('refuses a base that is not an absolute URL before any request', async () => {
    const fetch = fakeFetch();
    await expect(discoverSmartConfiguration('fhir/r4', { fetch })).rejects.toMatchObject({
      code: 'invalid_options',
      field: 'fhirBaseUrl',
    });
    await expect(
      discoverSmartConfiguration('https://user:pw-9f3@fhir.example/r4/t', { fetch }),
    ).rejects.toMatchObject({
      code: 'invalid_options',
      field: 'fhirBaseUrl',
      message: expect.not.stringContaining('pw-9f3') as unknown,
    });
    expect(fetch.calls).toHaveLength(0);
  });
});
