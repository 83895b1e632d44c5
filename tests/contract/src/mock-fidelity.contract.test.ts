import { SEED_IDS, startMockCerner, type RunningMockCerner } from '@cerner-kit/mock-cerner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as shapes from './__fixtures__/cerner-shapes.js';

/** Structure of a JSON value: keys and value kinds, recursively (arrays by their first item). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? [] : [shape(v[0])];
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  }
  return typeof v;
}

let mock: RunningMockCerner;
let token: string;
const basic = (): string =>
  `Basic ${Buffer.from(`${mock.clients[0]!.clientId}:${mock.clients[0]!.clientSecret}`).toString('base64')}`;
const fhir = (path: string, init: RequestInit = {}): Promise<Response> =>
  fetch(path.startsWith('http') ? path : `${mock.fhirBaseUrl}/${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/fhir+json',
      ...(init.headers as Record<string, string>),
    },
  });

beforeAll(async () => {
  mock = await startMockCerner({ port: 0 });
  const r = await fetch(mock.tokenUrl, {
    method: 'POST',
    headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&scope=${encodeURIComponent(mock.clients[0]!.scopes.join(' '))}`,
  });
  token = ((await r.json()) as { access_token: string }).access_token;
});
afterAll(() => mock.close());

describe('the mock answers in Cerner shapes', () => {
  it('token success and error bodies (key order included)', async () => {
    const ok = await fetch(mock.tokenUrl, {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=system/Patient.read',
    });
    const okBody = await ok.json();
    expect(Object.keys(okBody as object)).toEqual(Object.keys(shapes.tokenSuccess));
    expect(shape(okBody)).toEqual(shape(shapes.tokenSuccess));
    const bad = await fetch(mock.tokenUrl, {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=system/Observation.read',
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error_uri: string };
    expect(shape(badBody)).toEqual(shape(shapes.tokenError));
    expect(badBody.error_uri.split('/instances/')[0]).toBe(
      shapes.tokenError.error_uri.split('/instances/')[0],
    );
  });
  it('404, 400 missing parameter, 401 and 403 OperationOutcomes', async () => {
    const nf = await fhir('Patient/does-not-exist');
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual(shapes.notFound);
    const mp = await fhir('Patient?_count=5');
    expect(mp.status).toBe(400);
    expect(await mp.json()).toEqual(shapes.missingSearchParam);
    const unauth = await fetch(`${mock.fhirBaseUrl}/Patient/${SEED_IDS.patients.smartJoe}`);
    expect(unauth.status).toBe(401);
    expect(shape(await unauth.json())).toEqual(shape(shapes.invalidToken));
    const narrow = (await mock.mock.state.accessTokens.issue('c', ['system/Patient.read'])).token;
    const forbidden = await fetch(`${mock.fhirBaseUrl}/Encounter/${SEED_IDS.encounters[0]}`, {
      headers: { Authorization: `Bearer ${narrow}` },
    });
    expect(forbidden.status).toBe(403);
    expect(shape(await forbidden.json())).toEqual(shape(shapes.insufficientScope));
  });
  it('401 and 403 carry the Bearer challenge in WWW-Authenticate, equal to diagnostics', async () => {
    for (const auth of [undefined, 'Bearer not-a-token', 'Basic eDp5']) {
      const r = await fetch(`${mock.fhirBaseUrl}/Patient/${SEED_IDS.patients.smartJoe}`, {
        headers: auth ? { Authorization: auth } : {},
      });
      expect(r.status, auth).toBe(401);
      const challenge = r.headers.get('www-authenticate');
      expect(challenge, auth).toMatch(shapes.bearerChallenge.invalidToken);
      const body = (await r.json()) as typeof shapes.invalidToken;
      expect(body.issue[0]!.diagnostics).toBe(challenge);
    }
    const narrow = (await mock.mock.state.accessTokens.issue('c', ['system/Patient.read'])).token;
    const r = await fetch(`${mock.fhirBaseUrl}/Encounter/${SEED_IDS.encounters[0]}`, {
      headers: { Authorization: `Bearer ${narrow}` },
    });
    expect(r.status).toBe(403);
    const challenge = r.headers.get('www-authenticate');
    expect(challenge).toMatch(shapes.bearerChallenge.insufficientScope);
    expect(((await r.json()) as typeof shapes.insufficientScope).issue[0]!.diagnostics).toBe(
      challenge,
    );
  });
  it('404 for an unknown type, 400 when only unknown parameters are given, 406 with no body', async () => {
    const type = await fhir('FakeResourceTypeThatDoesNotExist?_count=1');
    expect(type.status).toBe(404);
    expect(await type.json()).toEqual(shapes.notFound);
    const bogus = await fhir('Patient?totally-bogus-param=foo');
    expect(bogus.status).toBe(400);
    expect(await bogus.json()).toEqual(shapes.missingSearchParam);
    const xml = await fhir(`Patient/${SEED_IDS.patients.smartJoe}`, {
      headers: { Accept: 'application/fhir+xml' },
    });
    expect(xml.status).toBe(406);
    expect(xml.headers.get('content-length')).toBe('0');
    expect(await xml.text()).toBe('');
  });
  it('422 for a body that breaks a rule: an OperationOutcome in Cerner shape', async () => {
    const res = await fhir('DocumentReference', {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'DocumentReference',
        status: 'current',
        type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
        subject: { reference: `Patient/${SEED_IDS.patients.smartJoe}` },
        content: [
          {
            attachment: {
              contentType: 'text/plain;charset=utf-8',
              data: Buffer.from('x').toString('base64'),
            },
          },
        ],
        context: { period: { end: '2026-01-01T00:00:00Z' } },
      }),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const body = (await res.json()) as typeof shapes.unprocessable;
    expect(body.resourceType).toBe(shapes.unprocessable.resourceType);
    for (const issue of body.issue) {
      expect(issue.severity).toBe(shapes.unprocessable.issue[0]!.severity);
      expect(['invalid', 'business-rule', 'structure']).toContain(issue.code);
      expect(typeof issue.details.text).toBe('string');
    }
    expect(body.issue.map((i) => i.details.text).join(' ')).toContain('docStatus');
  });
  it('identifier search: match and no-match Bundles', async () => {
    const match = await (
      await fhir(`Patient?identifier=urn:oid:2.16.840.1.113883.6.1000|${SEED_IDS.mrns['13115413']}`)
    ).json();
    expect(Object.keys(match as object)).toEqual(Object.keys(shapes.identifierMatch));
    expect(Object.keys((match as typeof shapes.identifierMatch).entry[0]!)).toEqual(
      Object.keys(shapes.identifierMatch.entry[0]!),
    );
    const none = await (await fhir('Patient?identifier=urn:oid:2.16.840.1.113883.6.1000|1')).json();
    expect(shape(none)).toEqual(shape(shapes.identifierNoMatch));
  });
  it('create: 201, empty body, Cerner headers', async () => {
    const res = await fhir('Patient', {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Patient',
        identifier: [{ assigner: { reference: `Organization/${SEED_IDS.organization}` } }],
        name: [{ use: 'official', family: 'Shape', given: ['Test'] }],
      }),
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('');
    for (const h of shapes.createHeaders) expect(res.headers.has(h), h).toBe(true);
    expect(res.headers.get('content-length')).toBe('0');
    expect(res.headers.get('location')).not.toContain('_history');
    expect(res.headers.get('location')).toMatch(shapes.createResponse.location);
    expect(res.headers.get('content-type')).toBe(shapes.createResponse.contentType);
    expect(res.headers.get('etag')).toBe(shapes.createResponse.etag.Patient);
    const note = await fhir('DocumentReference', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        resourceType: 'DocumentReference',
        status: 'current',
        docStatus: 'final',
        type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
        subject: { reference: `Patient/${SEED_IDS.patients.smartJoe}` },
        content: [
          {
            attachment: {
              contentType: 'text/plain;charset=utf-8',
              data: Buffer.from('Shape note.').toString('base64'),
            },
          },
        ],
        context: {
          encounter: [{ reference: `Encounter/${SEED_IDS.encounters[0]}` }],
          period: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:00:00.000Z' },
        },
      }),
    });
    expect(note.status).toBe(201);
    expect(await note.text()).toBe('');
    expect(note.headers.get('etag')).toBe(shapes.createResponse.etag.DocumentReference);
    expect(note.headers.get('location')).toMatch(shapes.createResponse.location);
  });
  it('encounter paging links and no total on a paged result', async () => {
    const page = (await (
      await fhir(`Encounter?patient=${SEED_IDS.patients.manyEncounters}`)
    ).json()) as { total?: number; link: { relation: string; url: string }[] };
    expect(page.total).toBeUndefined();
    expect(page.link.find((l) => l.relation === 'self')!.url).toMatch(
      shapes.pagedEncounterLinks.self,
    );
    expect(page.link.find((l) => l.relation === 'next')!.url).toMatch(
      shapes.pagedEncounterLinks.next,
    );
    // Following next to the end: every page pages, the last one has previous and no next.
    let current = page as typeof page & { entry?: unknown[] };
    let pages = 1;
    const ids = (b: typeof current) =>
      ((b.entry ?? []) as { resource: { id: string } }[]).map((e) => e.resource.id);
    const seen = ids(current);
    for (;;) {
      const next = current.link.find((l) => l.relation === 'next')?.url;
      if (!next) break;
      expect(next).toMatch(shapes.pagedEncounterLinks.next);
      current = (await (await fhir(next)).json()) as typeof current;
      expect(current.total).toBeUndefined();
      pages += 1;
      seen.push(...ids(current));
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    // Cerner (§E.2): an id can reappear on a later page; de-duplicated, every encounter once.
    expect(seen.length).toBeGreaterThan(SEED_IDS.manyEncountersCount);
    expect(new Set(seen).size).toBe(SEED_IDS.manyEncountersCount);
    expect(current.link.some((l) => l.relation === 'previous')).toBe(true);
  });
});
