import { buildA19Query, createMllpClient, parseAdrA19 } from '@cerner-kit/hl7-adapters';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockCerner } from '../src/create-mock-cerner.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import { startMockCerner, type RunningMockCerner } from '../src/start-mock-cerner.js';

const json = (r: request.Test, body: unknown) =>
  r.set('Content-Type', 'application/json').send(JSON.stringify(body));
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function tokenFor(
  app: ReturnType<typeof createMockCerner>['app'],
  t: { tokenUrl: string; clients: { clientId: string; clientSecret?: string }[] },
) {
  const c = t.clients[0]!;
  const r = await request(app)
    .post(new URL(t.tokenUrl).pathname)
    .set('Authorization', basic(c.clientId, c.clientSecret!))
    .type('form')
    .send('grant_type=client_credentials&scope=system/Patient.read');
  expect(r.status).toBe(200);
  return r.body.access_token as string;
}

describe('tenants (#11)', () => {
  it('POST /admin/tenants answers the --json shape with credentials; the tenant serves its own data only', async () => {
    const mock = createMockCerner();
    const made = await json(request(mock.app).post('/admin/tenants'), { tenantId: 'ward-a' });
    expect(made.status).toBe(201);
    expect(Object.keys(made.body)).toEqual([
      'fhirBaseUrl',
      'tokenUrl',
      'tenantId',
      'clients',
      'adminUrl',
      'inspectorUrl',
    ]);
    expect(made.body.fhirBaseUrl).toMatch(/\/r4\/ward-a$/);
    expect(made.body.adminUrl).toMatch(/\/admin\/tenants\/ward-a$/);
    expect(made.body.clients[0].clientSecret).toMatch(/^mock-/);
    const token = await tokenFor(mock.app, made.body);
    const read = (tenant: string, t = token) =>
      request(mock.app)
        .get(`/r4/${tenant}/Patient/${SEED_IDS.patients.wilma}`)
        .set('Authorization', `Bearer ${t}`);
    expect((await read('ward-a')).status).toBe(200);
    // A token of ward-a is refused by the default tenant, and the default client's secret does not
    // open ward-a.
    expect((await read(mock.tenantId)).status).toBe(401);
    const wrong = await request(mock.app)
      .post(new URL(made.body.tokenUrl).pathname)
      .set('Authorization', basic(mock.defaultClient!.clientId, mock.defaultClient!.clientSecret!))
      .type('form')
      .send('grant_type=client_credentials&scope=system/Patient.read');
    expect(wrong.status).toBe(401);
    // Data loaded into ward-a stays there.
    await json(request(mock.app).post('/admin/tenants/ward-a/load'), {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', id: '4242' } }],
    }).expect(200);
    expect(mock.tenants.get('ward-a')!.state.store.get('Patient', '4242')).toBeDefined();
    expect(mock.state.store.get('Patient', '4242')).toBeUndefined();
    const listed = await request(mock.app).get('/admin/tenants');
    expect(listed.body.map((t: { tenantId: string }) => t.tenantId)).toEqual([
      mock.tenantId,
      'ward-a',
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.clients[0].clientSecret);
    expect(
      (await json(request(mock.app).post('/admin/tenants'), { tenantId: 'ward-a' })).status,
    ).toBe(409);
    expect(
      (await json(request(mock.app).post('/admin/tenants'), { seed: 'lots' })).body
        .error_description,
    ).toContain('seed');
    expect((await request(mock.app).delete(`/admin/tenants/${mock.tenantId}`)).status).toBe(409);
    expect((await request(mock.app).delete('/admin/tenants/ward-a')).status).toBe(204);
    // A deleted (or never created) tenant: Cerner's 403 on FHIR paths.
    const gone = await read('ward-a');
    expect(gone.status).toBe(403);
    expect(gone.body.issue[0]).toMatchObject({
      code: 'forbidden',
      details: { text: 'Tenant not valid or accessible' },
    });
    expect((await request(mock.app).get('/admin/tenants/ward-a/requests')).status).toBe(404);
  });

  it('creates tenants empty, with a bundle kept by reset, and with given clients', async () => {
    const mock = createMockCerner();
    const empty = await json(request(mock.app).post('/admin/tenants'), { seed: 'empty' });
    expect(mock.tenants.get(empty.body.tenantId)!.state.store.counts()).toEqual({});
    const withData = await json(request(mock.app).post('/admin/tenants'), {
      seed: 'empty',
      bundle: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Patient', id: '1' } }],
      },
      clients: [
        { clientId: 'mine', clientSecret: 'mine-secret-123', scopes: ['system/Patient.read'] },
      ],
    });
    expect(withData.status).toBe(201);
    expect(withData.body.clients).toEqual([
      { clientId: 'mine', clientSecret: 'mine-secret-123', scopes: ['system/Patient.read'] },
    ]);
    const t = mock.tenants.get(withData.body.tenantId)!;
    t.state.store.remove('Patient', '1');
    await request(mock.app).post(`/admin/tenants/${t.id}/reset`).expect(200);
    expect(t.state.store.counts()).toEqual({ Patient: 1 });
    expect(
      (await json(request(mock.app).post('/admin/tenants'), { clients: [{ clientId: 'x' }] })).body
        .error_description,
    ).toMatch(/^clients\[0\]\./);
  });

  it('snapshots: take, change, restore (twice), per tenant; restore by id alone finds its tenant', async () => {
    const mock = createMockCerner();
    const t = (await json(request(mock.app).post('/admin/tenants'), {})).body.tenantId as string;
    const snap = await request(mock.app).post(`/admin/tenants/${t}/snapshots`);
    expect(snap.status).toBe(201);
    const store = mock.tenants.get(t)!.state.store;
    for (let i = 0; i < 2; i++) {
      store.remove('Patient', SEED_IDS.patients.wilma);
      await request(mock.app).post(`/admin/snapshots/${snap.body.id}/restore`).expect(200);
      expect(store.get('Patient', SEED_IDS.patients.wilma)).toBeDefined();
    }
    // The default tenant's own snapshot routes do not see ward snapshots by other paths.
    expect(
      (
        await request(mock.app).post(
          `/admin/tenants/${mock.tenantId}/snapshots/${snap.body.id}/restore`,
        )
      ).status,
    ).toBe(404);
    expect((await request(mock.app).post('/admin/snapshots/nope/restore')).status).toBe(404);
    expect((await request(mock.app).get(`/admin/tenants/${t}/snapshots`)).body).toHaveLength(1);
  });

  it('journal: requests by correlation id and trace id, since a mark; trace id logged for every request', async () => {
    const mock = createMockCerner();
    const token = (
      await mock.state.accessTokens.issue(mock.defaultClient!.clientId, ['system/Patient.read'])
    ).token;
    const mark = (await request(mock.app).get('/admin/journal/mark')).body.next as number;
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    await request(mock.app)
      .get(`/r4/${mock.tenantId}/Patient/${SEED_IDS.patients.nancy}`)
      .set('Authorization', `Bearer ${token}`)
      .set('traceparent', `00-${trace}-00f067aa0ba902b7-01`)
      .set('X-Correlation-Id', 'test-42');
    await request(mock.app)
      .get(`/r4/${mock.tenantId}/Patient/${SEED_IDS.patients.wilma}`)
      .set('Authorization', `Bearer ${token}`);
    const byTrace = (await request(mock.app).get(`/admin/journal?traceId=${trace}`)).body;
    expect(byTrace.entries).toHaveLength(1);
    expect(byTrace.entries[0]).toMatchObject({
      protocol: 'http',
      method: 'GET',
      status: 200,
      traceId: trace,
      correlationId: 'test-42',
      clientId: mock.defaultClient!.clientId,
    });
    expect(
      (await request(mock.app).get('/admin/journal?correlationId=test-42')).body.entries,
    ).toHaveLength(1);
    expect((await request(mock.app).get(`/admin/journal?since=${mark}`)).body.entries).toHaveLength(
      2,
    );
    expect(
      (await request(mock.app).get(`/admin/journal?since=${mark + 1}`)).body.entries[0].path,
    ).toContain(SEED_IDS.patients.wilma);
    expect((await request(mock.app).get('/admin/journal?traceId=XYZ')).status).toBe(400);
  });

  it('reset with revokeTokens revokes every token issued; without, tokens stay valid (documented choice)', async () => {
    const mock = createMockCerner();
    const token = (
      await mock.state.accessTokens.issue(mock.defaultClient!.clientId, ['system/Patient.read'])
    ).token;
    const read = () =>
      request(mock.app)
        .get(`/r4/${mock.tenantId}/Patient/${SEED_IDS.patients.nancy}`)
        .set('Authorization', `Bearer ${token}`);
    await request(mock.app).post('/admin/reset').expect(200);
    expect((await read()).status).toBe(200);
    const r = await json(request(mock.app).post('/admin/reset'), { revokeTokens: true });
    expect(r.body.revokedTokens).toBe(1);
    expect((await read()).status).toBe(401);
  });

  it('token requests in the log carry the client id; --log lines carry no query, header or body', async () => {
    const lines: string[] = [];
    const mock = createMockCerner({ accessLog: (l) => lines.push(l) });
    await tokenFor(mock.app, {
      tokenUrl: `http://x/tenants/${mock.tenantId}/protocols/oauth2/profiles/smart-v1/token`,
      clients: [mock.defaultClient!],
    });
    expect(mock.state.requestLog.list()[0]!.clientId).toBe(mock.defaultClient!.clientId);
    await request(mock.app).get(`/r4/${mock.tenantId}/Patient?family=SMITH&identifier=123`);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      / POST \/tenants\/.+\/token 200 [\d.]+ms client=cerner-kit-default-system-client$/,
    );
    expect(lines[1]).toContain('/Patient?… 401');
    expect(lines.join('\n')).not.toMatch(/SMITH|123|Basic|mock-sandbox-secret/);
  });

  it('GET / links the inspector, discovery and the FHIR base', async () => {
    const mock = createMockCerner();
    const page = await request(mock.app).get('/');
    expect(page.status).toBe(200);
    for (const link of [
      '/admin/inspector',
      `/r4/${mock.tenantId}/.well-known/smart-configuration`,
      `/r4/${mock.tenantId}`,
    ]) {
      expect(page.text).toContain(link);
    }
  });
});

describe('HL7 routing by MSH-5/MSH-6 (#11)', () => {
  let running: RunningMockCerner;
  beforeAll(async () => {
    running = await startMockCerner({ port: 0, mllpPort: 0 });
  });
  afterAll(() => running.close());

  it('routes to the tenant whose route matches, to MSH-6 = tenant id, else the default tenant', async () => {
    const app = running.mock.app;
    const routed = (
      await json(request(app).post('/admin/tenants'), {
        seed: 'empty',
        hl7: { receivingFacility: 'WARD-B' },
      })
    ).body;
    expect(routed.mllpPort).toBe(running.mllpPort);
    const byId = (
      await json(request(app).post('/admin/tenants'), { seed: 'empty', tenantId: 'ward-c' })
    ).body;
    const client = createMllpClient({
      host: '127.0.0.1',
      port: running.mllpPort!,
      responseTimeoutMs: 5_000,
    });
    try {
      const ask = async (facility: string) =>
        parseAdrA19(
          await client.send(
            buildA19Query({
              mrn: '292392',
              receivingFacility: facility,
              controlId: `Q-${facility}`,
            }).toString(),
          ),
        ).status;
      expect(await ask('WARD-B')).toBe('not_found'); // empty tenant
      expect(await ask('ward-c')).toBe('not_found'); // empty tenant, by id
      expect(await ask('ELSEWHERE')).toBe('found'); // the default tenant has the sandbox MRN
      const mllp = async (t: string): Promise<{ controlId: string }[]> =>
        (await request(app).get(`/admin/tenants/${t}/journal?protocol=mllp`)).body.entries as {
          controlId: string;
        }[];
      expect((await mllp(routed.tenantId)).map((e: { controlId: string }) => e.controlId)).toEqual([
        'Q-WARD-B',
      ]);
      expect((await mllp(byId.tenantId)).map((e: { controlId: string }) => e.controlId)).toEqual([
        'Q-ward-c',
      ]);
      expect(
        (await request(app).get('/admin/journal?correlationId=Q-ELSEWHERE')).body.entries,
      ).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
