import { exportedText, otelHarness, treeOutline } from '@cerner-kit/otel-harness';
import { beforeEach, describe, expect, it } from 'vitest';
import { FhirActionError } from '../errors.js';
import { createFhirTelemetry } from './fhir-telemetry.js';

const otel = otelHarness();
beforeEach(() => otel.reset());

const TENANT = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
const BASE = `https://fhir-ehr-code.cerner.com/r4/${TENANT}`;
const tel = (propagateTraceContext = false) =>
  createFhirTelemetry({ baseUrl: BASE, tenantId: TENANT, propagateTraceContext });

async function points(name: string): Promise<{ attributes: object; value: unknown }[]> {
  const m = (await otel.metrics()).find((x) => x.descriptor.name === name);
  return (m?.dataPoints ?? []).map((p) => ({
    attributes: p.attributes,
    value: typeof p.value === 'number' ? p.value : (p.value as { count: number }).count,
  }));
}

describe('createFhirTelemetry', () => {
  it('an action span with one CLIENT span per attempt, retries as events', async () => {
    const t = tel();
    await t.action('getPatient', async () => {
      const first = t.attempt('GET', `${BASE}/Patient/12724066?_elements=name`, 0);
      first.response(503, 'req-1');
      t.retry('status', 1500, true, 503);
      const second = t.attempt('GET', `${BASE}/Patient/12724066`, 1);
      second.response(200, 'req-2');
      return 'ok';
    });
    expect(treeOutline(otel.spans())).toEqual([
      'cerner.action getPatient [retry]',
      '  GET /r4/{tenant}/Patient/{id}',
      '  GET /r4/{tenant}/Patient/{id}',
    ]);
    const [action] = otel.spans().filter((s) => s.name.startsWith('cerner.action'));
    expect(action!.attributes).toEqual({
      'cerner.action': 'getPatient',
      'cerner.tenant_id': TENANT,
    });
    expect(action!.events[0]!.attributes).toEqual({
      'cerner.retry.reason': 'status',
      'cerner.retry.delay_ms': 1500,
      'cerner.retry.from_retry_after': true,
      'http.response.status_code': 503,
    });
    const attempts = otel.spans().filter((s) => s.name.startsWith('GET'));
    expect(attempts.map((s) => s.kind)).toEqual([2, 2]); // SpanKind.CLIENT
    expect(attempts[0]!.attributes).toEqual({
      'server.address': 'fhir-ehr-code.cerner.com',
      'server.port': 443,
      'url.scheme': 'https',
      'http.request.method': 'GET',
      'url.template': '/r4/{tenant}/Patient/{id}',
      'http.response.status_code': 503,
      'cerner.request_id': 'req-1',
      'error.type': '503',
    });
    expect(attempts[0]!.status.code).toBe(2);
    expect(attempts[1]!.attributes['http.request.resend_count']).toBe(1);
    expect(attempts[1]!.status.code).toBe(0);
    expect(await points('cerner.fhir.retries')).toEqual([
      { attributes: { 'cerner.action': 'getPatient', 'cerner.retry.reason': 'status' }, value: 1 },
    ]);
    const perRequest = await otel.metrics();
    expect(perRequest).toEqual([]); // delta: the previous call collected them
  });

  it('records per-request and per-action durations with action and status class', async () => {
    const t = tel();
    await t.action('getEncounter', async () =>
      t.attempt('GET', `${BASE}/Encounter/1`, 0).response(200, undefined),
    );
    const metrics = await otel.metrics();
    const byName = Object.fromEntries(
      metrics.map((m) => [m.descriptor.name, m.dataPoints.map((p) => p.attributes)]),
    );
    expect(byName['cerner.fhir.request.duration']).toEqual([
      {
        'cerner.action': 'getEncounter',
        'http.request.method': 'GET',
        'cerner.status_class': '2xx',
      },
    ]);
    expect(byName['cerner.fhir.action.duration']).toEqual([
      { 'cerner.action': 'getEncounter', 'cerner.status_class': '2xx' },
    ]);
  });

  it('an in-doubt POST: the error code, in_doubt, the count; never the message', async () => {
    const t = tel();
    const error = new FhirActionError('timeout', 'POST Patient for Zebulon Quagmire timed out', {
      method: 'POST',
      mayHaveSucceeded: true,
    });
    await expect(
      t.action('createPatient', async () => {
        t.attempt('POST', `${BASE}/Patient`, 0).failure('timeout');
        throw error;
      }),
    ).rejects.toBe(error);
    expect(treeOutline(otel.spans())).toEqual([
      'cerner.action createPatient [exception]',
      '  POST /r4/{tenant}/Patient',
    ]);
    const action = otel.spans().find((s) => s.name === 'cerner.action createPatient')!;
    expect(action.attributes['cerner.fhir.in_doubt']).toBe(true);
    expect(action.status).toEqual({ code: 2, message: 'timeout' });
    expect(await points('cerner.fhir.in_doubt_writes')).toEqual([
      { attributes: { 'cerner.action': 'createPatient' }, value: 1 },
    ]);
    expect(exportedText(otel.spans()).join('\n')).not.toMatch(/Zebulon|Quagmire/);
  });

  it('injects traceparent of the attempt span only when asked', async () => {
    const on = tel(true);
    let headers: Readonly<Record<string, string>> | undefined;
    await on.action('getPatient', async () => {
      const a = on.attempt('GET', `${BASE}/Patient/1`, 0);
      headers = a.headers;
      a.response(200, undefined);
    });
    const attempt = otel.spans().find((s) => s.name.startsWith('GET'))!;
    const { traceId, spanId } = attempt.spanContext();
    expect(headers).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
    expect(attempt.attributes['cerner.trace_context.propagated']).toBe(true);

    const off = tel(false);
    await off.action('getPatient', async () => {
      const a = off.attempt('GET', `${BASE}/Patient/1`, 0);
      headers = a.headers;
      a.response(200, undefined);
    });
    expect(headers).toBeUndefined();
  });

  it('a token refresh is an event on the action span', async () => {
    const t = tel();
    await t.action('getPatient', async () => {
      t.attempt('GET', `${BASE}/Patient/1`, 0).response(401, undefined);
      t.tokenRefresh();
      t.attempt('GET', `${BASE}/Patient/1`, 0).response(200, undefined);
    });
    expect(treeOutline(otel.spans())[0]).toBe('cerner.action getPatient [token_refresh]');
  });

  it('telemetry: false records nothing and still runs the action', async () => {
    const t = createFhirTelemetry({
      telemetry: false,
      baseUrl: BASE,
      tenantId: TENANT,
      propagateTraceContext: true,
    });
    const result = await t.action('getPatient', async () => {
      const a = t.attempt('GET', `${BASE}/Patient/1`, 0);
      expect(a.headers).toBeUndefined();
      a.response(200, undefined);
      return 42;
    });
    expect(result).toBe(42);
    expect(otel.spans()).toEqual([]);
    expect(await otel.metrics()).toEqual([]);
  });
});
