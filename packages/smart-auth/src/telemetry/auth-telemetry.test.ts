import { exportedText, otelHarness, treeOutline } from '@cerner-kit/otel-harness';
import { trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { SmartAuthError } from '../errors.js';
import type { AccessToken } from '../token-request.js';
import { createAuthTelemetry, TOKEN_SPAN } from './auth-telemetry.js';

const otel = otelHarness();
beforeEach(() => otel.reset());

const SECRET_TOKEN = 'eyJhbGciOi.secret-token-value.sig';
const token = (dropped: string[] = []): AccessToken => ({
  accessToken: SECRET_TOKEN,
  tokenType: 'Bearer',
  expiresAt: 1_000_000,
  scopes: ['system/Patient.read'],
  requestedScopes: ['system/Patient.read', ...dropped],
  droppedScopes: dropped,
});

async function metricPoints(name: string): Promise<{ attributes: object; value: unknown }[]> {
  const m = (await otel.metrics()).find((x) => x.descriptor.name === name);
  return (m?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, value: p.value }));
}

describe('createAuthTelemetry', () => {
  it('a miss is a cerner.token span with the granted scopes, never the token', async () => {
    const tel = createAuthTelemetry(undefined);
    const got = await tel.traceRequest('miss', async (note) => {
      note({ 'server.address': 'authorization.cerner.com', 'http.response.status_code': 200 });
      return token(['system/Encounter.read']);
    });
    expect(got.accessToken).toBe(SECRET_TOKEN);
    const [span] = otel.spans();
    expect(span!.name).toBe(TOKEN_SPAN);
    expect(span!.instrumentationScope.name).toBe('@cerner-kit/smart-auth');
    expect(span!.instrumentationScope.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(span!.attributes).toEqual({
      'cerner.token.cache': 'miss',
      'server.address': 'authorization.cerner.com',
      'http.response.status_code': 200,
      'cerner.token.scopes': ['system/Patient.read'],
      'cerner.token.dropped_scope_count': 1,
    });
    expect(span!.events.map((e) => e.name)).toEqual(['scopes_dropped']);
    expect(JSON.stringify(span!.attributes)).not.toContain('secret');
    expect(await metricPoints('cerner.token.fetches')).toEqual([{ attributes: {}, value: 1 }]);
  });

  it('a failed request records the code and status, not the message', async () => {
    const tel = createAuthTelemetry(undefined);
    const error = new SmartAuthError('invalid_client', 'client Zebulon rejected', { status: 401 });
    await expect(tel.traceRequest('miss', () => Promise.reject(error))).rejects.toBe(error);
    const [span] = otel.spans();
    expect(span!.status).toEqual({ code: 2, message: 'invalid_client' });
    expect(span!.attributes['error.type']).toBe('invalid_client');
    expect(span!.attributes['http.response.status_code']).toBe(401);
    expect(span!.events[0]!.attributes).toEqual({
      'exception.type': 'SmartAuthError',
      'error.type': 'invalid_client',
    });
    expect(exportedText(otel.spans()).join('\n')).not.toContain('Zebulon');
    expect(await metricPoints('cerner.token.fetches')).toEqual([
      { attributes: { 'error.type': 'invalid_client' }, value: 1 },
    ]);
  });

  it('spans started inside the request are its children; coalesced callers get their own span', async () => {
    const tel = createAuthTelemetry(undefined);
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('caller', async (caller) => {
      await Promise.all([
        tel.traceRequest('miss', async () => {
          tracer.startSpan('POST token').end();
          return token();
        }),
        tel.traceRequest('coalesced', async () => token()),
      ]);
      caller.end();
    });
    expect(treeOutline(otel.spans())).toEqual([
      'caller',
      '  cerner.token',
      '    POST token',
      '  cerner.token',
    ]);
    const caches = otel
      .spans()
      .filter((s) => s.name === TOKEN_SPAN)
      .map((s) => s.attributes['cerner.token.cache']);
    expect(caches.sort()).toEqual(['coalesced', 'miss']);
    // Only the miss reached the token endpoint.
    expect(await metricPoints('cerner.token.fetches')).toEqual([{ attributes: {}, value: 1 }]);
  });

  it('a cache hit is counted, and traced only under a recording span', async () => {
    const tel = createAuthTelemetry(undefined);
    tel.cacheHit();
    expect(otel.spans()).toEqual([]);
    trace.getTracer('test').startActiveSpan('caller', (caller) => {
      tel.cacheHit();
      caller.end();
    });
    expect(treeOutline(otel.spans())).toEqual(['caller', '  cerner.token']);
    expect(otel.spans()[0]!.attributes).toEqual({ 'cerner.token.cache': 'hit' });
    expect(await metricPoints('cerner.token.requests')).toEqual([
      { attributes: { 'cerner.token.cache': 'hit' }, value: 2 },
      { attributes: { 'cerner.token.cache': 'miss' }, value: 0 },
      { attributes: { 'cerner.token.cache': 'coalesced' }, value: 0 },
    ]);
  });

  it('telemetry: false records nothing', async () => {
    const tel = createAuthTelemetry(false);
    await tel.traceRequest('miss', async () => token());
    tel.cacheHit();
    expect(otel.spans()).toEqual([]);
    // Only the observable counters of the other tests' instances report, with nothing new.
    const points = (await otel.metrics()).flatMap((m) => m.dataPoints as { value: unknown }[]);
    expect(points.filter((p) => p.value !== 0)).toEqual([]);
  });
});
