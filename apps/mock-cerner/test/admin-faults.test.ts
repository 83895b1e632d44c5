import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACTION_SCOPES, tokenPath } from '../src/config.js';
import { createMockCerner, type MockCerner } from '../src/create-mock-cerner.js';
import { createFaultRegistry, parseFaultRules, pathMatcher } from '../src/admin/faults.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';

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
const faults = (rules: unknown[]) => request(mock.app).put('/admin/faults').send({ rules });
const read = (id: string = SEED_IDS.patients.wilma) =>
  request(mock.app).get(`${base}/Patient/${id}`).set('Authorization', `Bearer ${token}`);

describe('fault rules', () => {
  it('globs match the path after the FHIR base; regexes the path with query; a leading / anchors', () => {
    const m = (rule: string, path: string, q = path) => pathMatcher(rule)(path, q);
    expect(m('Patient/*', `${base}/Patient/123`)).toBe(true);
    expect(m('Patient/*', `${base}/Patient`)).toBe(false);
    expect(m('Patient', `${base}/Patient`)).toBe(true);
    expect(m('Encounter*', `${base}/Encounter`)).toBe(true);
    expect(m('/tenants/**', tokenPath('t'))).toBe(true);
    expect(m('/tenants/**', `${base}/Patient`)).toBe(false);
    expect(m('/Patient\\?identifier=/i', `${base}/Patient`, `${base}/patient?IDENTIFIER=1`)).toBe(
      true,
    );
    expect(parseFaultRules({ rules: [{ path: '/(/', status: 500 }] })).toContain('rules[0].path');
    expect(parseFaultRules({ rules: [{ path: 'x' }] })).toContain('give status, latencyMs or drop');
    expect(parseFaultRules({ rules: [{ path: 'x', latencyMs: -1 }] })).toContain('latencyMs');
    expect(parseFaultRules({})).toContain('rules');
  });
  it('times counts down and retires the rule; first match wins; method filters', () => {
    const reg = createFaultRegistry();
    reg.set([
      { path: 'Patient/*', method: 'POST', status: 500 },
      { path: 'Patient/*', status: 503, times: 2 },
    ]);
    expect(reg.match('GET', '/r4/t/Patient/1')?.status).toBe(503);
    expect(reg.list()).toEqual([
      { path: 'Patient/*', method: 'POST', status: 500 },
      { path: 'Patient/*', status: 503, times: 1 },
    ]);
    expect(reg.match('GET', '/r4/t/Patient/1')?.status).toBe(503);
    expect(reg.match('GET', '/r4/t/Patient/1')).toBeUndefined();
    expect(reg.match('post', '/r4/t/Patient/1')).toBeUndefined();
    expect(reg.match('POST', '/r4/t/Patient/1')?.status).toBe(500);
  });
});

describe('faults through HTTP', () => {
  it('503 with Retry-After and an OperationOutcome once (times: 1), then the normal answer', async () => {
    expect(
      (await faults([{ method: 'GET', path: 'Patient/*', status: 503, retryAfter: 5, times: 1 }]))
        .body,
    ).toEqual({
      rules: [{ method: 'GET', path: 'Patient/*', status: 503, retryAfter: 5, times: 1 }],
    });
    const first = await read();
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('5');
    expect(first.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'transient' }],
    });
    expect((await read()).status).toBe(200);
    expect((await request(mock.app).get('/admin/faults')).body).toEqual({ rules: [] });
  });
  it("a fault on a FHIR path carries Cerner's FHIR headers (X-Request-Id, logged); on the token endpoint not", async () => {
    await faults([
      { path: 'Patient/*', status: 500, times: 1 },
      { path: '/tenants/**', status: 503, times: 1 },
    ]);
    const fhir = await read();
    expect(fhir.status).toBe(500);
    expect(fhir.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(fhir.headers['opc-request-id']).toMatch(/^\/[0-9A-F]{32}\/[0-9A-F]{32}$/);
    expect(fhir.headers['cache-control']).toBe('no-cache');
    const tok = await request(mock.app)
      .post(tokenPath(mock.tenantId))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(tok.status).toBe(503);
    expect(tok.headers['x-request-id']).toBeUndefined();
    const log = (await request(mock.app).get('/admin/requests')).body as { requestId?: string }[];
    expect(log[0]!.requestId).toBe(fhir.headers['x-request-id']);
  });
  it('a custom body, a 429 on the token endpoint, latency, and DELETE clears', async () => {
    await faults([
      { path: 'Encounter', status: 500, body: { custom: true } },
      { path: '/tenants/**', status: 429, retryAfter: 1 },
      { path: 'Appointment/*', latencyMs: 30 },
    ]);
    const enc = await request(mock.app)
      .get(`${base}/Encounter?patient=1`)
      .set('Authorization', `Bearer ${token}`);
    expect(enc.status).toBe(500);
    expect(enc.body).toEqual({ custom: true });
    const tok = await request(mock.app)
      .post(tokenPath(mock.tenantId))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(tok.status).toBe(429);
    expect(tok.headers['retry-after']).toBe('1');
    const started = Date.now();
    const appt = await request(mock.app)
      .get(`${base}/Appointment/${SEED_IDS.appointment}`)
      .set('Authorization', `Bearer ${token}`);
    expect(appt.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect((await request(mock.app).delete('/admin/faults')).status).toBe(204);
    expect(
      (
        await request(mock.app)
          .get(`${base}/Encounter?patient=1`)
          .set('Authorization', `Bearer ${token}`)
      ).status,
    ).toBe(200);
  });
  it('drop destroys the socket and is logged with status 0', async () => {
    await faults([{ path: 'Patient/*', drop: true, times: 1 }]);
    await expect(read()).rejects.toThrow();
    expect((await read()).status).toBe(200);
    const log = (await request(mock.app).get('/admin/requests')).body as {
      status: number;
      fault?: string;
    }[];
    expect(log.map((e) => [e.status, e.fault])).toEqual([
      [0, 'drop'],
      [200, undefined],
    ]);
  });
  it('drop + dropAfterStore handles the request (the Patient is stored), then loses the answer', async () => {
    await faults([{ method: 'POST', path: 'Patient', drop: true, dropAfterStore: true, times: 1 }]);
    const before = mock.state.store.counts().Patient;
    const create = () =>
      request(mock.app)
        .post(`${base}/Patient`)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/fhir+json')
        .send({
          resourceType: 'Patient',
          identifier: [{ assigner: { reference: 'Organization/675844' } }],
          name: [{ use: 'official', family: 'Droptest', given: ['Ann'] }],
        });
    await expect(create()).rejects.toThrow();
    expect(mock.state.store.counts().Patient).toBe((before ?? 0) + 1);
    expect((await create()).status).toBe(201);
    const log = (await request(mock.app).get('/admin/requests')).body as { fault?: string }[];
    expect(log[0]?.fault).toBe('drop after store');
    expect(parseFaultRules({ rules: [{ path: 'x', status: 503, dropAfterStore: true }] })).toBe(
      'rules[0].dropAfterStore: needs drop: true',
    );
  });
  it('probability: a miss passes the request through and consumes no times', () => {
    const draws = [0.9, 0.1];
    const reg = createFaultRegistry(() => draws.shift() ?? 0);
    reg.set([{ path: 'DocumentReference', status: 503, probability: 0.3, times: 1 }]);
    expect(reg.match('POST', '/r4/t/DocumentReference')).toBeUndefined();
    expect(reg.match('POST', '/r4/t/DocumentReference')?.status).toBe(503);
    expect(reg.match('POST', '/r4/t/DocumentReference')).toBeUndefined();
    expect(parseFaultRules({ rules: [{ path: 'x', status: 503, probability: 2 }] })).toBe(
      'rules[0].probability: 0 to 1',
    );
  });
  it('rejects bad rules with 400 naming the field, and malformed JSON', async () => {
    const bad = await faults([{ path: 'x', status: 99 }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('rules[0].status');
    const junk = await request(mock.app)
      .put('/admin/faults')
      .set('Content-Type', 'application/json')
      .send('{');
    expect(junk.status).toBe(400);
  });
});
