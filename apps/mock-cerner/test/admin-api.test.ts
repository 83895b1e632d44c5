import type { Resource } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import { startMockCerner, type RunningMockCerner } from '../src/start-mock-cerner.js';

let mock: RunningMockCerner;
let token: string;
// Admin writes with a body are application/json only (#16: a text/plain body is what a page on
// another origin can send); fetch() would label these string bodies text/plain.
const admin = (path: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${mock.adminUrl}${path}`, {
    ...init,
    ...(init.body !== undefined ? { headers: { 'Content-Type': 'application/json' } } : {}),
  });
const read = (): Promise<Response> =>
  fetch(`${mock.fhirBaseUrl}/Patient/${SEED_IDS.patients.nancy}`, {
    headers: { Authorization: `Bearer ${token}` },
  });

beforeAll(async () => {
  mock = await startMockCerner({ port: 0 });
  token = (await mock.mock.state.accessTokens.issue(mock.clients[0]!.clientId, [...ACTION_SCOPES]))
    .token;
});
afterAll(() => mock.close());

describe('faults', () => {
  it('injects a 503 with Retry-After once, then answers normally', async () => {
    const put = await admin('/faults', {
      method: 'PUT',
      body: JSON.stringify({
        rules: [{ method: 'GET', path: 'Patient/*', status: 503, retryAfter: 2, times: 1 }],
      }),
    });
    expect(put.status).toBe(200);
    const first = await read();
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(((await first.json()) as { resourceType: string }).resourceType).toBe(
      'OperationOutcome',
    );
    expect((await read()).status).toBe(200);
  });
  it('drops the connection and validates rules naming the field', async () => {
    await admin('/faults', {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ path: 'Patient/*', drop: true, times: 1 }] }),
    });
    await expect(read()).rejects.toThrow();
    const bad = await admin('/faults', {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ path: 'x', status: 99 }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error_description: string }).error_description).toContain(
      'rules[0].status',
    );
  });
});

describe('request log, load and reset', () => {
  it('logs requests with credentials redacted and no bodies', async () => {
    await admin('/requests', { method: 'DELETE' });
    await read();
    const log = await (await admin('/requests')).text();
    expect(log).toContain(`/Patient/${SEED_IDS.patients.nancy}`);
    expect(log).toContain('Bearer [redacted]');
    expect(log).not.toContain(token);
  });
  it('loads a Bundle, then reset restores the seed', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            id: '555',
            identifier: [{ system: 'urn:oid:2.16.840.1.113883.6.1000', value: '5550' }],
            name: [{ family: 'Loaded' }],
          },
        },
      ],
    };
    const r = await admin('/load', { method: 'POST', body: JSON.stringify(bundle) });
    expect(await r.json()).toMatchObject({ loaded: { Patient: 1 } });
    const found = await fetch(
      `${mock.fhirBaseUrl}/Patient?identifier=urn:oid:2.16.840.1.113883.6.1000|5550`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(((await found.json()) as { total: number }).total).toBe(1);
    expect(
      (await admin('/load', { method: 'POST', body: '{"resourceType":"Patient"}' })).status,
    ).toBe(400);
    await admin('/reset', { method: 'POST' });
    expect(mock.mock.state.store.get('Patient', '555')).toBeUndefined();
  });
  it('serves the inspector page', async () => {
    const page = await admin('/inspector');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('mock-cerner inspector');
  });
  it('identifier search stays indexed with 100,000 extra patients', () => {
    for (let i = 0; i < 100_000; i += 1) {
      mock.mock.state.store.put({
        resourceType: 'Patient',
        id: `b${i}`,
        identifier: [{ system: 'urn:oid:2.16.840.1.113883.6.1000', value: `x${i}` }],
      } as Resource);
    }
    expect(
      mock.mock.state.store.findPatientsByIdentifier('urn:oid:2.16.840.1.113883.6.1000', 'x99999'),
    ).toEqual(['b99999']);
    mock.mock.state.store.reset();
  });
});
