import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { createMockCerner } from '../src/create-mock-cerner.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import {
  CLIENT,
  advanceClock,
  auth,
  base,
  clock,
  get,
  mock,
  post,
  token,
  useFhirEdgeMock,
} from './fhir-edge-setup.js';

useFhirEdgeMock();

describe('Cerner headers, Accept and CORS', () => {
  it('sends Cerner headers and CORS on every FHIR response, errors included', async () => {
    for (const r of [
      await get(`Patient/${SEED_IDS.patients.smartJoe}`),
      await get('Patient/0'),
      await request(mock.app).get(`${base}/Patient/1`),
    ]) {
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers.vary).toBe('Origin');
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers['opc-request-id']).toMatch(/^\/[0-9A-F]{32}\/[0-9A-F]{32}$/);
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(r.headers['access-control-expose-headers']).toBe(
        'ETag, Content-Location, Location, X-Request-Id, WWW-Authenticate, Date',
      );
      expect(r.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    }
  });
  it('accepts JSON media types, */* and no Accept; 406 with an empty body otherwise; _format=json wins', async () => {
    const path = `Patient/${SEED_IDS.patients.smartJoe}`;
    for (const accept of [
      'application/fhir+json',
      'application/json',
      'application/json+fhir',
      '*/*',
      'text/html, application/fhir+json;q=0.9',
      'application/fhir+json; fhirVersion=4.0',
    ]) {
      expect((await get(path).set('Accept', accept)).status, accept).toBe(200);
    }
    expect(
      (await request(mock.app).get(`${base}/${path}`).set(auth()).unset('Accept')).status,
    ).toBe(200);
    for (const accept of ['application/fhir+xml', 'text/html', 'application/xml']) {
      const r = await get(path).set('Accept', accept);
      expect(r.status).toBe(406);
      expect(r.text).toBe('');
      expect(r.headers['content-length']).toBe('0');
    }
    expect((await get(`${path}?_format=json`).set('Accept', 'application/xml')).status).toBe(200);
    expect((await get(`${path}?_format=xml`)).status).toBe(406);
  });
  it('answers CORS preflight (OPTIONS) with 204 and HEAD like GET without a body', async () => {
    const pre = await request(mock.app)
      .options(`${base}/Patient`)
      .set('Access-Control-Request-Headers', 'authorization, content-type');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-headers']).toBe('authorization, content-type');
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    const head = await request(mock.app)
      .head(`${base}/Patient/${SEED_IDS.patients.smartJoe}`)
      .set(auth());
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe('W/"1773"');
    expect(head.text).toBeUndefined();
  });
});

describe('tokens', () => {
  it('401 for an expired token, a token of another tenant, and a malformed header', async () => {
    advanceClock(601_000);
    const expired = await get(`Patient/${SEED_IDS.patients.smartJoe}`);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'login',
          diagnostics: 'Bearer realm="127.0.0.1", error="invalid_token"',
          location: ['http.Authorization'],
        },
      ],
    });
    const other = createMockCerner({
      tenantId: '11111111-2222-3333-4444-555555555555',
      now: () => clock,
    });
    const foreign = (await other.state.accessTokens.issue(CLIENT, [...ACTION_SCOPES])).token;
    expect((await get(`Patient/${SEED_IDS.patients.smartJoe}`, foreign)).status).toBe(401);
    expect(
      (
        await request(mock.app)
          .get(`${base}/Patient/1`)
          .set('Authorization', `Bearer ${token} extra`)
      ).status,
    ).toBe(401);
  });
  it('403 forbidden per interaction: v1 read allows read and search; v2 letters are exact', async () => {
    const v2 = (
      await mock.state.accessTokens.issue(CLIENT, [
        'system/Patient.rs',
        'system/DocumentReference.c',
      ])
    ).token;
    expect((await get(`Patient/${SEED_IDS.patients.smartJoe}`, v2)).status).toBe(200);
    expect((await get(`Patient?_id=${SEED_IDS.patients.smartJoe}`, v2)).status).toBe(200);
    const create = await request(mock.app)
      .post(`${base}/Patient`)
      .set(auth(v2))
      .set('Content-Type', 'application/fhir+json')
      .send('{}');
    expect(create.status).toBe(403);
    expect(create.body).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'forbidden',
          diagnostics:
            'Bearer realm="127.0.0.1", error="insufficient_scope", scope="system/Patient.c"',
          expression: ['http.Authorization'],
        },
      ],
    });
    expect(create.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect((await get(`DocumentReference?patient=${SEED_IDS.patients.smartJoe}`, v2)).status).toBe(
      403,
    );
  });
});

describe('malformed requests never get a 500 or an HTML page', () => {
  const expectOutcome = (r: request.Response, status: number, code: string) => {
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(r.body.resourceType).toBe('OperationOutcome');
    expect(r.body.issue[0].code).toBe(code);
  };
  it('bodies: invalid JSON, arrays, scalars, wrong types, no content type, huge', async () => {
    expectOutcome(await post('Patient', '{"resourceType":'), 400, 'invalid');
    expect((await post('Patient', '{oops')).body.issue[0].details.text).toBe('Invalid request');
    expectOutcome(await post('Patient', '[]'), 400, 'invalid');
    expectOutcome(await post('Patient', '"Patient"'), 400, 'invalid');
    expectOutcome(await post('Patient', 'null'), 400, 'invalid');
    expectOutcome(await post('DocumentReference', '{}', 'text/plain'), 415, 'not-supported');
    expectOutcome(
      await request(mock.app).post(`${base}/Patient`).set(auth()),
      415,
      'not-supported',
    );
    expectOutcome(
      await post(
        'DocumentReference',
        JSON.stringify({ resourceType: 'DocumentReference', content: 'x'.repeat(10_500_000) }),
      ),
      413,
      'too-long',
    );
    for (const body of [
      { resourceType: 'Patient', identifier: { assigner: 1 }, name: 'Smith' },
      {
        resourceType: 'Patient',
        identifier: [null, 5],
        name: [[]],
        telecom: 'x',
        address: [{ use: 1, text: 2, line: [3] }],
      },
      { resourceType: 'Observation' },
      {
        resourceType: 'DocumentReference',
        type: [],
        subject: 'Patient/1',
        content: {},
        context: [],
      },
    ]) {
      const r = await post(
        body.resourceType === 'DocumentReference' ? 'DocumentReference' : 'Patient',
        JSON.stringify(body),
      );
      expectOutcome(r, 422, 'business-rule');
      expect(
        r.body.issue.every((i: { expression: string[]; details: { text: string } }) =>
          i.details.text.startsWith(`${i.expression[0]}: `),
        ),
      ).toBe(true);
    }
    const dr = await post(
      'DocumentReference',
      JSON.stringify({
        resourceType: 'DocumentReference',
        modifierExtension: [{}],
        implicitRules: 'x',
        contained: [{ resourceType: 'Organization', foo: 1 }],
      }),
    );
    expect(dr.body.issue.map((i: { expression: string[] }) => i.expression[0])).toEqual(
      expect.arrayContaining(['modifierExtension', 'implicitRules', 'contained']),
    );
    const contained = await post(
      'Patient',
      JSON.stringify({
        resourceType: 'Patient',
        identifier: [{ assigner: { reference: 'Organization/675844' } }],
        name: [{ use: 'official', family: 'Doe', given: ['Jan'] }],
        contained: 42,
      }),
    );
    expectOutcome(contained, 422, 'business-rule');
    expect(contained.body.issue.map((i: { expression: string[] }) => i.expression[0])).toEqual([
      'contained',
    ]);
  });
  it('422 structure issues with FHIRPath expressions after Cerner rules pass', async () => {
    const r = await post(
      'Patient',
      JSON.stringify({
        resourceType: 'Patient',
        identifier: [{ assigner: { reference: 'Organization/675844' } }],
        name: [{ use: 'official', family: 'Doe', given: ['Jan'] }],
        birthDate: '1990-01-01',
        deceasedBoolean: 'no',
      }),
    );
    expectOutcome(r, 422, 'structure');
    expect(r.body.issue[0].expression[0]).toContain('deceased');
  });
  it('routes: unknown types and paths 404, unsupported methods 405, trailing junk 404', async () => {
    expectOutcome(await get('Observation?patient=1'), 404, 'not-found');
    expectOutcome(await get('Patient/1/_history/2'), 404, 'not-found');
    // A tenant the mock does not serve: Cerner's 403 "Tenant not valid or accessible" (#10/#11; was 404).
    const otherTenant = await request(mock.app).get('/r4/other-tenant/Patient/1').set(auth());
    expectOutcome(otherTenant, 403, 'forbidden');
    expect(otherTenant.body.issue[0].details.text).toBe('Tenant not valid or accessible');
    expectOutcome(await request(mock.app).get('/nothing-here'), 404, 'not-found');
    const del = await request(mock.app)
      .delete(`${base}/Patient/${SEED_IDS.patients.smartJoe}`)
      .set(auth());
    expectOutcome(del, 405, 'not-supported');
    expect(del.headers.allow).toBe('GET, HEAD');
    expect((await request(mock.app).put(`${base}/Patient`).set(auth())).headers.allow).toBe(
      'GET, HEAD, POST',
    );
    expectOutcome(await get('Patient/%E0%A4%A'), 400, 'invalid');
  });
});
