import { connect, type AddressInfo } from 'node:net';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { createMockCerner, type MockCerner } from '../src/create-mock-cerner.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import { MAX_JSON_DEPTH } from '../src/http/json-bounds.js';
import { startMockCerner } from '../src/start-mock-cerner.js';

// Issue #16, "found by attacking the mock": each test below failed before its fix.

let mock: MockCerner;
let token: string;
let base: string;
beforeEach(async () => {
  mock = createMockCerner();
  token = (
    await mock.state.accessTokens.issue('cerner-kit-default-system-client', [...ACTION_SCOPES])
  ).token;
  base = `/r4/${mock.tenantId}`;
});
const fhir = (path: string) =>
  request(mock.app).get(`${base}/${path}`).set('Authorization', `Bearer ${token}`);
const nested = (depth: number): string => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
const note = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'DocumentReference',
  status: 'current',
  docStatus: 'final',
  type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
  subject: { reference: `Patient/${SEED_IDS.patients.nancy}` },
  content: [{ attachment: { contentType: 'text/plain;charset=utf-8', data: 'aGk=' } }],
  context: { period: { start: '2026-11-25T09:00:00Z', end: '2026-11-25T10:00:00Z' } },
  ...extra,
});

describe('unsupported search modifiers get 400 invalid, not every patient', () => {
  it.each([
    'Patient?name:contains=a',
    'Patient?name:missing=true',
    'Patient?family:foo=smart',
    'Patient?identifier:of-type=MR|6930',
    'Patient?birthdate:x=1976',
    'Patient?family=smart&gender:not=male',
    'Encounter?patient=12724066&date:above=ge2020-01-01T00:00:00Z',
    'Encounter?subject:Practitioner=1',
    'DocumentReference?patient:missing=false',
  ])('%s', async (query) => {
    const r = await fhir(query);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'invalid',
          details: { text: expect.stringMatching(/the modifier :\S+ is not supported$/) },
        },
      ],
    });
  });

  it('keeps the supported ones: name/family/given :exact and subject:Patient', async () => {
    expect((await fhir('Patient?family:exact=SMART')).body.total).toBe(1);
    expect((await fhir(`Encounter?subject:Patient=${SEED_IDS.patients.smartJoe}`)).status).toBe(
      200,
    );
  });
});

describe('admin paging values are validated', () => {
  it.each([
    'limit=1e308',
    'offset=-5',
    'limit=0',
    'limit=501',
    'offset=1.5',
    'limit=abc',
    'limit=1&limit=2',
  ])('/admin/store?type=Patient&%s is a 400 naming the parameter', async (q) => {
    const r = await request(mock.app).get(`/admin/store?type=Patient&${q}`);
    expect(r.status).toBe(400);
    expect(r.body.error_description).toMatch(
      /^(limit|offset): expected an integer from \d+ to \d+$/,
    );
  });
  it('still pages with valid values', async () => {
    const r = await request(mock.app).get('/admin/store?type=Patient&limit=500&offset=1');
    expect(r.status).toBe(200);
    expect(r.body.resources.length).toBeGreaterThan(0);
  });
});

describe('JSON nesting is bounded on every body', () => {
  it('refuses a 10,000-level /admin/load, and later reads and the store listing still answer', async () => {
    const body = `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"deep1","extension":[${nested(10_000)}]}}]}`;
    const r = await request(mock.app)
      .post('/admin/load')
      .set('Content-Type', 'application/json')
      .send(body);
    expect(r.status).toBe(400);
    expect(r.body.error_description).toBe(`body: nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect((await fhir('Patient/deep1')).status).toBe(404);
    expect((await request(mock.app).get('/admin/store?type=Patient')).status).toBe(200);
  });

  it('refuses deep FHIR create bodies (400 Invalid request) and deep client registrations', async () => {
    const r = await request(mock.app)
      .post(`${base}/DocumentReference`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/fhir+json')
      .send(JSON.stringify(note()).replace(/}$/, `,"extension":[${nested(5_000)}]}`));
    expect(r.status).toBe(400);
    expect(r.body.issue[0].details.text).toBe('Invalid request');
    const c = await request(mock.app)
      .post('/admin/clients')
      .set('Content-Type', 'application/json')
      .send(`{"clientId":"deep","scopes":["system/Patient.read"],"x":${nested(5_000)}}`);
    expect(c.status).toBe(400);
    expect(c.body.field).toBe('body');
  });

  it('accepts nesting up to the bound', async () => {
    const r = await request(mock.app)
      .post('/admin/load')
      .set('Content-Type', 'application/json')
      .send(
        `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"deep2","x":${nested(40)}}}]}`,
      );
    expect(r.status).toBe(200);
    expect((await fhir('Patient/deep2')).status).toBe(200);
  });
});

describe('the structure validator does not amplify a malformed body', () => {
  it('answers a 2 MB malformed DocumentReference.meta with a small 422, and other requests meanwhile', async () => {
    const tags = Array.from({ length: 70_000 }, () => ({ code: 5, system: [1], x: 'y' }));
    const body = JSON.stringify(note({ meta: { tag: tags } }));
    expect(body.length).toBeGreaterThan(2_000_000);
    const [bad, read] = await Promise.all([
      request(mock.app)
        .post(`${base}/DocumentReference`)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/fhir+json')
        .send(body),
      fhir(`Patient/${SEED_IDS.patients.smartJoe}`),
    ]);
    expect(bad.status).toBe(422);
    expect(bad.text.length).toBeLessThan(4_096);
    expect(read.status).toBe(200);
  });
});

describe('CONNECT', () => {
  it('gets a 405 OperationOutcome instead of a closed socket', async () => {
    const running = await startMockCerner({ port: 0 });
    try {
      const { port } = running.server.address() as AddressInfo;
      const reply = await new Promise<string>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () =>
          s.write('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n'),
        );
        let buf = '';
        s.on('data', (d: Buffer) => (buf += d.toString('utf8')));
        s.on('close', () => resolve(buf));
        s.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
      expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'not-supported' }],
      });
      const after = await fetch(`${running.fhirBaseUrl}/metadata`);
      expect(after.status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
