import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import { startMockCerner, type RunningMockCerner } from '../src/start-mock-cerner.js';

let mock: RunningMockCerner;
let token: string;
const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.6.1000';

async function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const res = await fetch(path.startsWith('http') ? path : `${mock.fhirBaseUrl}/${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json', ...headers },
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: text ? JSON.parse(text) : undefined,
  };
}
async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const res = await fetch(`${mock.fhirBaseUrl}/${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/fhir+json',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined,
  };
}
const outcome = (code: string) => ({
  resourceType: 'OperationOutcome',
  issue: [expect.objectContaining({ severity: 'error', code })],
});

beforeAll(async () => {
  mock = await startMockCerner({ port: 0 });
  token = (await mock.mock.state.accessTokens.issue(mock.clients[0]!.clientId, [...ACTION_SCOPES]))
    .token;
});
afterAll(() => mock.close());
beforeEach(() => mock.mock.reset());

describe('auth on the FHIR side', () => {
  it('401 with WWW-Authenticate and a login OperationOutcome without or with a bad token', async () => {
    for (const auth of [undefined, 'Bearer not-a-jwt', 'Basic abc']) {
      const res = await fetch(`${mock.fhirBaseUrl}/Patient/${SEED_IDS.patients.smartJoe}`, {
        headers: auth ? { Authorization: auth } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="127.0.0.1", error="invalid_token"',
      );
      expect(await res.json()).toMatchObject({
        issue: [{ code: 'login', diagnostics: 'Bearer realm="127.0.0.1", error="invalid_token"' }],
      });
    }
  });
  it('403 insufficient_scope when the token lacks the scope', async () => {
    const narrow = (await mock.mock.state.accessTokens.issue('x', ['system/Patient.read'])).token;
    const r = await get(`Encounter/${SEED_IDS.encounters[0]}`, {
      Authorization: `Bearer ${narrow}`,
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ issue: [{ code: 'forbidden' }] });
    expect(r.headers.get('www-authenticate')).toContain('insufficient_scope');
    const readOnly = (await mock.mock.state.accessTokens.issue('x', ['system/Patient.r'])).token;
    expect(
      (await get(`Patient/${SEED_IDS.patients.smartJoe}`, { Authorization: `Bearer ${readOnly}` }))
        .status,
    ).toBe(200);
    expect(
      (
        await get(`Patient?_id=${SEED_IDS.patients.smartJoe}`, {
          Authorization: `Bearer ${readOnly}`,
        })
      ).status,
    ).toBe(403);
  });
});

describe('Patient', () => {
  it('reads a seeded patient with Cerner headers', async () => {
    const r = await get(`Patient/${SEED_IDS.patients.wilma}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ resourceType: 'Patient', id: SEED_IDS.patients.wilma });
    expect(r.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(r.headers.get('etag')).toBe('W/"3"');
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('opc-request-id')).toMatch(/^\/[0-9A-F]{32}\/[0-9A-F]{32}$/);
  });
  it('404 not-found for unknown ids and types; 406 for non-JSON Accept', async () => {
    expect(await get('Patient/this-id-definitely-does-not-exist')).toMatchObject({
      status: 404,
      body: { issue: [{ code: 'not-found', details: { text: 'Not Found' } }] },
    });
    expect((await get('FakeResourceType?_count=1')).status).toBe(404);
    const xml = await get(`Patient/${SEED_IDS.patients.wilma}`, { Accept: 'application/fhir+xml' });
    expect(xml.status).toBe(406);
    expect(xml.text).toBe('');
  });
  it('searches by identifier: match, no match (no entry key), and no parameter (400)', async () => {
    const r = await get(`Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|292392`)}`);
    expect(r.body).toMatchObject({
      resourceType: 'Bundle',
      type: 'searchset',
      total: 1,
      entry: [{ resource: { id: SEED_IDS.patients.wilma }, search: { mode: 'match' } }],
    });
    expect(r.body.link[0]).toEqual({
      relation: 'self',
      url: `${mock.fhirBaseUrl}/Patient?identifier=urn%3Aoid%3A2.16.840.1.113883.6.1000%7C292392`,
    });
    expect(r.body.entry[0].fullUrl).toBe(`${mock.fhirBaseUrl}/Patient/${SEED_IDS.patients.wilma}`);
    const none = await get(`Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|0000`)}`);
    expect(none.body.total).toBe(0);
    expect('entry' in none.body).toBe(false);
    expect((await get('Patient?identifier=292392')).body.total).toBe(1);
    const bare = await get('Patient?totally-bogus-param=foo');
    expect(bare.status).toBe(400);
    expect(bare.body.issue[0].details.text).toMatch(/^at least one of _id, identifier/);
    expect((await get('Patient?identifier=a&identifier=b')).status).toBe(400);
  });
  it('creates per Cerner rules: 201, empty body, absolute Location, ETag W/"0", server-assigned MRN', async () => {
    const r = await post('Patient', {
      resourceType: 'Patient',
      identifier: [{ assigner: { reference: `Organization/${SEED_IDS.organization}` } }],
      name: [{ use: 'official', family: 'Wolf', given: ['Person', 'Name'] }],
      gender: 'male',
      birthDate: '1990-09-15',
    });
    expect(r.status).toBe(201);
    expect(r.text).toBe('');
    expect(r.headers.get('etag')).toBe('W/"0"');
    const location = r.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${mock.fhirBaseUrl}/Patient/\\d+$`));
    const read = await get(location);
    expect(read.body).toMatchObject({
      birthDate: '1990-09-15',
      gender: 'male',
      active: true,
      meta: { versionId: '0' },
      name: [{ id: `CI-${read.body.id}-0`, text: 'Wolf, Person Name' }],
    });
    expect(read.body.identifier[0]).toMatchObject({
      system: MRN_SYSTEM,
      use: 'usual',
      type: { text: 'MRN', coding: [{ code: '10', userSelected: true }, { code: 'MR' }] },
    });
    expect(read.body.identifier[0]._value.extension[0].valueString).toBe(
      read.body.identifier[0].value.padStart(11, '0'),
    );
    expect(read.body.identifier[1].type.text).toBe('MIllennium Person Identifier');
    expect(r.headers.get('content-type')).toBe('text/html');
    expect(r.headers.get('content-length')).toBe('0');
    expect(r.headers.get('last-modified')).toBeTruthy();
    const mrn = read.body.identifier[0].value as string;
    expect((await get(`Patient?identifier=${MRN_SYSTEM}|${mrn}`)).body.entry[0].resource.id).toBe(
      read.body.id,
    );
  });
  it('422 names each violated rule; 400/415/413 for malformed requests; never 500', async () => {
    const r = await post('Patient', {
      resourceType: 'Patient',
      identifier: [{ system: 'x', value: '1' }],
      name: [{ use: 'official', text: 'A B', family: 'B' }],
      active: false,
      modifierExtension: [],
    });
    expect(r.status).toBe(422);
    const texts = r.body.issue.map((i: { details: { text: string } }) => i.details.text).join('\n');
    for (const f of ['identifier[0]', 'name[0].text', 'active', 'modifierExtension']) {
      expect(texts).toContain(f);
    }
    expect((await post('Patient', '{not json')).body).toEqual(outcome('invalid'));
    expect((await post('Patient', '[1,2]')).status).toBe(400);
    expect(
      (await post('Patient', 'a=b', { 'Content-Type': 'application/x-www-form-urlencoded' }))
        .status,
    ).toBe(415);
    expect(
      (
        await post(
          'Patient',
          JSON.stringify({ resourceType: 'Patient', x: 'y'.repeat(11 * 1024 * 1024) }),
        )
      ).status,
    ).toBe(413);
    const weird = await post('Patient', {
      resourceType: 'Patient',
      identifier: 'nope',
      name: { use: 1 },
      telecom: [null],
      address: 5,
    });
    expect(weird.status).toBe(422);
    const structural = await post('Patient', {
      resourceType: 'Patient',
      identifier: [{ assigner: { reference: 'Organization/1' } }],
      name: [{ use: 'official', family: 'A', given: ['B'] }],
      maritalStatus: 'married',
    });
    expect(structural.status).toBe(422);
  });
});

describe('Encounter paging', () => {
  it('returns every encounter over four pages (a short first page, repeated ids), oldest first, with Cerner links and no total', async () => {
    const seen: string[] = [];
    let url: string | undefined =
      `${mock.fhirBaseUrl}/Encounter?patient=${SEED_IDS.patients.manyEncounters}`;
    let pages = 0;
    while (url) {
      const r = await get(url);
      expect(r.status).toBe(200);
      expect(r.body.total).toBeUndefined();
      seen.push(...r.body.entry.map((e: { resource: { id: string } }) => e.resource.id));
      const next = r.body.link.find((l: { relation: string }) => l.relation === 'next')?.url as
        string | undefined;
      if (next) {
        expect(next).toMatch(/Encounter\?patient=12742400&-pageContext=[^&]+&-pageDirection=NEXT$/);
      }
      if (pages > 0) {
        expect(r.body.link.some((l: { relation: string }) => l.relation === 'previous')).toBe(true);
      }
      url = next;
      pages += 1;
    }
    // Cerner's quirks (§E.2): a short first page and an id repeated on the next page, so more
    // pages and entries than ids; de-duplicated, every encounter exactly once.
    expect(pages).toBe(4);
    expect(seen.length).toBeGreaterThan(SEED_IDS.manyEncountersCount);
    expect(new Set(seen).size).toBe(SEED_IDS.manyEncountersCount);
    const single = await get(`Encounter?patient=${SEED_IDS.patients.smartJoe}`);
    expect(single.body.total).toBe(4);
    expect(single.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([
      ...SEED_IDS.encounters,
    ]);
  });
  it('400 without a required parameter or with a bad page context', async () => {
    expect((await get('Encounter')).status).toBe(400);
    expect((await get('Encounter?patient=1&-pageContext=bogus&-pageDirection=NEXT')).status).toBe(
      400,
    );
  });
  it('reads an encounter and the appointment', async () => {
    expect((await get(`Encounter/${SEED_IDS.encounters[1]}`)).body).toMatchObject({
      id: SEED_IDS.encounters[1],
      class: { code: 'IMP' },
    });
    expect((await get(`Appointment/${SEED_IDS.appointment}`)).body).toMatchObject({
      resourceType: 'Appointment',
      status: 'cancelled',
      start: '2020-01-23T22:10:00Z',
    });
  });
});

describe('DocumentReference', () => {
  const note = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
    subject: { reference: `Patient/${SEED_IDS.patients.smartJoe}` },
    content: [
      {
        attachment: {
          contentType: 'text/plain;charset=utf-8',
          data: Buffer.from('Patient doing well. ✓').toString('base64'),
          title: 'Progress',
        },
      },
    ],
    context: {
      encounter: [{ reference: `Encounter/${SEED_IDS.encounters[0]}` }],
      period: { start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T10:00:00.000Z' },
    },
    ...overrides,
  });
  it('creates, reads back with a Binary url, and the Binary decodes to the text', async () => {
    const r = await post('DocumentReference', note());
    expect(r.status).toBe(201);
    expect(r.headers.get('etag')).toBe('W/"1"');
    const doc = (await get(r.headers.get('location')!)).body;
    expect(doc.content[0].attachment.data).toBeUndefined();
    const bin = await get(doc.content[0].attachment.url);
    expect(Buffer.from(bin.body.data, 'base64').toString('utf8')).toBe('Patient doing well. ✓');
    const search = await get(`DocumentReference?patient=${SEED_IDS.patients.smartJoe}`);
    expect(search.body.total).toBe(1);
  });
  it('422 for Cerner rule violations', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ docStatus: undefined }, 'docStatus'],
      [{ status: 'superseded' }, 'status'],
      [{ subject: { reference: 'Patient/999' } }, 'subject'],
      [{ content: [{ attachment: { contentType: 'text/plain', data: 'aGk=' } }] }, 'contentType'],
      [{ context: { period: { start: '2026-11-25' } } }, 'context.period.end'],
      [
        {
          type: {
            coding: [
              { system: 'http://loinc.org', code: '1' },
              { system: `https://fhir.cerner.com/${mock.tenantId}/codeSet/72`, code: '2' },
            ],
          },
        },
        'type.coding',
      ],
    ];
    for (const [override, field] of cases) {
      const r = await post('DocumentReference', note(override));
      expect(r.status, field).toBe(422);
      expect(JSON.stringify(r.body)).toContain(field);
    }
  });
});
