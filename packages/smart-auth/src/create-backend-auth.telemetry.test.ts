import { exportedText, otelHarness, treeOutline } from '@cerner-kit/otel-harness';
import { trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, fakeFetch, json, SECRET, TOKEN_URL } from './__fixtures__/cerner.js';
import { createBackendAuth } from './create-backend-auth.js';

const otel = otelHarness();
beforeEach(() => otel.reset());

const NOW = 1_767_225_600_000;
const options = {
  clientId: CLIENT_ID,
  credentials: { clientSecret: SECRET },
  tokenUrl: TOKEN_URL,
  scopes: ['system/Patient.read'],
  now: () => NOW,
};

describe('createBackendAuth telemetry', () => {
  it('miss, coalesced and hit: one token request, spans say which; never the token or secret', async () => {
    const fetch = fakeFetch();
    const auth = createBackendAuth({ ...options, fetch });
    await trace.getTracer('test').startActiveSpan('caller', async (caller) => {
      await Promise.all([auth.getToken(), auth.getToken()]);
      await auth.getToken();
      caller.end();
    });
    expect(fetch.calls).toHaveLength(1);
    expect(treeOutline(otel.spans())).toEqual([
      'caller',
      '  cerner.token',
      '  cerner.token',
      '  cerner.token',
    ]);
    const caches = otel
      .spans()
      .filter((s) => s.name === 'cerner.token')
      .map((s) => s.attributes['cerner.token.cache']);
    expect(caches).toEqual(['miss', 'coalesced', 'hit']);
    const miss = otel.spans().find((s) => s.attributes['cerner.token.cache'] === 'miss')!;
    expect(miss.attributes['server.address']).toBe('authorization.cerner.com');
    const text = exportedText(otel.spans(), await otel.metrics()).join('\n');
    expect(text).not.toContain('token-1');
    expect(text).not.toContain(SECRET);
  });

  it('a rejected client: the span fails with the OAuth code and status', async () => {
    const fetch = fakeFetch(() => json({ error: 'invalid_client' }, 401));
    const auth = createBackendAuth({ ...options, fetch });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'invalid_client' });
    const [span] = otel.spans();
    expect(span!.status).toEqual({ code: 2, message: 'invalid_client' });
    expect(span!.attributes['http.response.status_code']).toBe(401);
  });

  it('telemetry: false makes no span; a bad telemetry option is refused by name', async () => {
    const auth = createBackendAuth({ ...options, fetch: fakeFetch(), telemetry: false });
    await auth.getToken();
    expect(otel.spans()).toEqual([]);
    expect(() => createBackendAuth({ ...options, telemetry: 'yes' as unknown as false })).toThrow(
      /telemetry/,
    );
  });
});
