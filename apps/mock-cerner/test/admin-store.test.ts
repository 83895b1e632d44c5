import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { createMockCerner, type MockCerner } from '../src/create-mock-cerner.js';
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
const fhir = (path: string) =>
  request(mock.app).get(`${base}/${path}`).set('Authorization', `Bearer ${token}`);

describe('POST /admin/load and /admin/reset', () => {
  it('loads a transaction Bundle (ids kept or allocated), visible through FHIR search and paging', async () => {
    const encounters = Array.from({ length: 12 }, (_, i) => ({
      resource: {
        resourceType: 'Encounter',
        id: `7000${i}`,
        status: 'finished',
        class: { code: 'AMB' },
        subject: { reference: 'Patient/6000' },
        period: { start: `2024-01-${String(12 - i).padStart(2, '0')}T00:00:00.000Z` },
      },
      request: { method: 'POST', url: 'Encounter' },
    }));
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            id: '6000',
            identifier: [{ system: 'urn:oid:2.16.840.1.113883.6.1000', value: '6000600' }],
            name: [{ family: 'Loaded' }],
          },
        },
        { resource: { resourceType: 'Location', name: 'Ward' } },
        ...encounters,
      ],
    };
    const r = await request(mock.app).post('/admin/load').send(bundle);
    expect(r.status).toBe(200);
    expect(r.body.loaded).toEqual({ Patient: 1, Location: 1, Encounter: 12 });
    expect(r.body.ids[1]).toMatch(/^Location\/\d+$/);
    const found = await fhir('Patient?identifier=6000600');
    expect(found.body.entry[0].resource).toMatchObject({ id: '6000', meta: { versionId: '0' } });
    const page = await fhir('Encounter?patient=6000');
    expect(page.body.entry[0].resource.id).toBe('700011');
    expect(page.body.link.some((l: { relation: string }) => l.relation === 'next')).toBe(true);
    await request(mock.app).post('/admin/reset').expect(200);
    expect((await fhir('Patient/6000')).status).toBe(404);
    expect((await fhir(`Patient/${SEED_IDS.patients.wilma}`)).status).toBe(200);
  });
  it('refuses non-Bundles, unknown bundle types, unsupported resource types and bad ids (400 naming the field)', async () => {
    const cases: [unknown, string][] = [
      [{ resourceType: 'Patient' }, 'Bundle'],
      [{ resourceType: 'Bundle', type: 'document', entry: [] }, 'type'],
      [
        {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [{ resource: { resourceType: 'Observation' } }],
        },
        'entry[0].resource.resourceType',
      ],
      [
        {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: { resourceType: 'Patient', id: 'a b' } }],
        },
        'entry[0].resource.id',
      ],
      [{ resourceType: 'Bundle', type: 'collection', entry: [{}] }, 'entry[0].resource'],
    ];
    for (const [body, field] of cases) {
      const r = await request(mock.app)
        .post('/admin/load')
        .send(body as object);
      expect(r.status, field).toBe(400);
      expect(r.body.error_description).toContain(field);
    }
    expect(
      (
        await request(mock.app)
          .post('/admin/load')
          .set('Content-Type', 'application/json')
          .send('{')
      ).status,
    ).toBe(400);
  });
  it('refuses fields of the wrong JSON type (400 naming the field), stores none of the Bundle, and FHIR keeps answering', async () => {
    const patient = (extra: object) => ({ resourceType: 'Patient', id: '6100', ...extra });
    const cases: [object, string][] = [
      [patient({ identifier: {} }), 'entry[1].resource.identifier'],
      [patient({ identifier: [null] }), 'entry[1].resource.identifier[0]'],
      [patient({ identifier: [{ value: 42 }] }), 'entry[1].resource.identifier[0].value'],
      [patient({ name: {} }), 'entry[1].resource.name'],
      [patient({ name: [{ given: 'Ann' }] }), 'entry[1].resource.name[0].given'],
      [patient({ telecom: 'x' }), 'entry[1].resource.telecom'],
      [patient({ address: [{ postalCode: 64117 }] }), 'entry[1].resource.address[0].postalCode'],
      [patient({ meta: 'x' }), 'entry[1].resource.meta'],
      [
        { resourceType: 'Encounter', subject: { reference: 5 } },
        'entry[1].resource.subject.reference',
      ],
      [
        { resourceType: 'Encounter', period: { start: 20240101 } },
        'entry[1].resource.period.start',
      ],
      [{ resourceType: 'DocumentReference' }, 'entry[1].resource.content'],
      [
        { resourceType: 'DocumentReference', content: [{ attachment: { contentType: 1 } }] },
        'entry[1].resource.content[0].attachment.contentType',
      ],
      [
        { resourceType: 'DocumentReference', content: [{}] },
        'entry[1].resource.content[0].attachment',
      ],
    ];
    const before = (await request(mock.app).get('/admin/store')).body.counts;
    for (const [resource, field] of cases) {
      const r = await request(mock.app)
        .post('/admin/load')
        .send({
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: patient({ id: '6101', name: [{ family: 'Fine' }] }) }, { resource }],
        });
      expect(r.status, field).toBe(400);
      expect(String(r.body.error_description).startsWith(`${field}: `), field).toBe(true);
    }
    expect((await request(mock.app).get('/admin/store')).body.counts).toEqual(before);
    expect((await fhir('Patient/6101')).status).toBe(404);
    for (const q of ['Patient?family=x', 'Patient?phone=5550102', 'Encounter?patient=12724066']) {
      expect((await fhir(q)).status, q).toBe(200);
    }
  });
});

describe('store listing, request log and inspector', () => {
  it('GET /admin/store lists counts and resources by type; /admin/store/{type}/{id} reads one', async () => {
    const all = await request(mock.app).get('/admin/store');
    expect(all.body.counts).toMatchObject({
      Patient: 6,
      Encounter: 30,
      Appointment: 1,
      DocumentReference: 3,
    });
    const pats = await request(mock.app).get('/admin/store?type=Patient&limit=2&offset=1');
    expect(pats.body.resources.map((p: { id: string }) => p.id)).toEqual([
      SEED_IDS.patients.wilma,
      SEED_IDS.patients.nancy,
    ]);
    expect(
      (await request(mock.app).get(`/admin/store/Appointment/${SEED_IDS.appointment}`)).body.id,
    ).toBe(SEED_IDS.appointment);
    expect((await request(mock.app).get('/admin/store/Appointment/1')).status).toBe(404);
  });
  it('logs method, path with query, status, duration, client id; redacts credentials; keeps no bodies; DELETE clears', async () => {
    await fhir(`Patient?identifier=${SEED_IDS.mrns['13115400']}`).set(
      'Cookie',
      'session=secret-cookie',
    );
    await request(mock.app)
      .post(`${base}/Patient`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/fhir+json')
      .send({ resourceType: 'Patient', name: [{ family: 'Secretname' }] });
    await request(mock.app)
      .get(`${base}/Patient/1`)
      .set('Authorization', 'Basic c2VjcmV0OnNlY3JldA==');
    const log = await request(mock.app).get('/admin/requests');
    const text = JSON.stringify(log.body);
    expect(log.body).toHaveLength(3);
    expect(log.body[0]).toMatchObject({
      method: 'GET',
      path: `${base}/Patient?identifier=${SEED_IDS.mrns['13115400']}`,
      status: 200,
      clientId: 'cerner-kit-default-system-client',
    });
    expect(typeof log.body[0].durationMs).toBe('number');
    expect(log.body[0].headers.authorization).toBe('Bearer [redacted]');
    expect(log.body[0].headers.cookie).toBe('[redacted]');
    expect(text).not.toContain(token);
    expect(text).not.toContain('secret-cookie');
    expect(text).not.toContain('c2VjcmV0OnNlY3JldA');
    expect(text).not.toContain('Secretname');
    expect(log.body[1].status).toBe(422);
    expect(log.body[2]).toMatchObject({ status: 401 });
    expect(log.body[2].clientId).toBeUndefined();
    await request(mock.app).delete('/admin/requests').expect(204);
    expect((await request(mock.app).get('/admin/requests')).body).toEqual([]);
  });
  it('redacts credentials sent as query parameters (FHIR and token endpoint)', async () => {
    await request(mock.app).get(`${base}/Patient/1?access_token=${token}&_format=json`);
    await request(mock.app)
      .post(
        `/tenants/${mock.tenantId}/protocols/oauth2/profiles/smart-v1/token?Client_Secret=qs-secret-1&client_assertion=qs-jwt-2`,
      )
      .type('form')
      .send('grant_type=client_credentials');
    const log = (await request(mock.app).get('/admin/requests')).body as { path: string }[];
    expect(log.map((e) => e.path)).toEqual([
      `${base}/Patient/1?access_token=[redacted]&_format=json`,
      `/tenants/${mock.tenantId}/protocols/oauth2/profiles/smart-v1/token?Client_Secret=[redacted]&client_assertion=[redacted]`,
    ]);
    const text = JSON.stringify(log);
    for (const secret of [token, 'qs-secret-1', 'qs-jwt-2']) expect(text).not.toContain(secret);
  });
  it('serves the inspector at /admin and /admin/inspector: static, CSP, absolute JSON URLs, nothing reflected', async () => {
    await request(mock.app).get(`${base}/Patient/<script>alert(1)</script>`);
    await request(mock.app)
      .post('/admin/load')
      .send({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          {
            resource: {
              resourceType: 'Organization',
              id: 'x1',
              name: '<img src=x onerror=alert(1)>',
            },
          },
        ],
      });
    for (const path of ['/admin', '/admin/inspector']) {
      const page = await request(mock.app).get(path);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      // The inspector was rebuilt: same-origin script only, no inline script at all.
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(page.text).toContain('<script src="/admin/inspector.js"></script>');
      expect(page.text).not.toMatch(/<script>/);
      expect(page.text).not.toContain('alert(1)');
    }
    const script = await request(mock.app).get('/admin/inspector.js');
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.text).toContain("api('GET', '/journal')");
    expect(script.text).not.toContain('alert(1)');
    expect(script.text).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});
