import { describe, expect, it, vi } from 'vitest';
import { BASE, fakeAuth, fakeFetch, json } from './__fixtures__/fake-auth.js';
import { createCernerClient } from './create-cerner-client.js';
import { FhirActionError } from './errors.js';

const patient = { resourceType: 'Patient', id: '12724066', name: [{ family: 'SMART', given: ['JOE'] }] };
const outcome = (code: string, text: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] });

function client(fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) {
  const sleeps: number[] = [];
  const auth = fakeAuth();
  const c = createCernerClient({ fhirBaseUrl: BASE, auth, fetch, sleep: async (ms) => void sleeps.push(ms), ...extra });
  return { c, sleeps, auth };
}

describe('reads', () => {
  it('sends FHIR JSON headers and the bearer token', async () => {
    const fetch = fakeFetch(() => json(patient));
    const { c } = client(fetch);
    expect(await c.getPatient({ patientId: '12724066' })).toMatchObject({ id: '12724066' });
    const { url, init } = fetch.calls[0]!;
    expect(url).toBe(`${BASE}/Patient/12724066`);
    expect(init.headers).toMatchObject({ Accept: 'application/fhir+json', Authorization: 'Bearer tok-1' });
  });
  it('retries a GET after 503 honouring Retry-After, and after a network error', async () => {
    const fetch = fakeFetch(
      () => json(outcome('transient', 'busy'), 503, { 'retry-after': '3' }),
      () => {
        throw new TypeError('fetch failed');
      },
      () => json(patient),
    );
    const { c, sleeps } = client(fetch);
    await c.getPatient({ patientId: '12724066' });
    expect(fetch.calls).toHaveLength(3);
    expect(sleeps[0]).toBe(3000);
  });
  it('gives up after the retries with a retryable error carrying the OperationOutcome and request id', async () => {
    const fetch = fakeFetch(() => json(outcome('transient', 'busy'), 503, { 'x-request-id': 'req-1' }));
    const { c } = client(fetch, { retry: { retries: 1 } });
    const err = await c.getEncounter({ encounterId: '1' }).catch((e: unknown) => e);
    expect(FhirActionError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'server_error', status: 503, retryable: true, requestId: 'req-1', issues: [{ code: 'transient', text: 'busy' }] });
    expect(fetch.calls).toHaveLength(2);
  });
  it('maps 404 to not_found without retrying', async () => {
    const fetch = fakeFetch(() => json(outcome('not-found', 'Not Found'), 404));
    const { c } = client(fetch);
    await expect(c.getAppointment({ appointmentId: '1' })).rejects.toMatchObject({ code: 'not_found', status: 404 });
    expect(fetch.calls).toHaveLength(1);
  });
  it('refreshes the token once after a 401', async () => {
    const fetch = fakeFetch(() => json(outcome('login', 'x'), 401), () => json(patient));
    const { c, auth } = client(fetch);
    await c.getPatient({ patientId: '12724066' });
    expect(auth.invalidated).toEqual(['tok-1']);
    expect((fetch.calls[1]!.init.headers as Record<string, string>).Authorization).toBe('Bearer tok-2');
    const always401 = fakeFetch(() => json(outcome('login', 'x'), 401));
    await expect(client(always401).c.getPatient({ patientId: '1' })).rejects.toMatchObject({ code: 'unauthorized' });
    expect(always401.calls).toHaveLength(2);
  });
  it('times out', async () => {
    const hang = fakeFetch((_u, init) => new Promise((_r, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted')))));
    const { c } = client(hang, { timeoutMs: 10, retry: { retries: 0 } });
    await expect(c.getPatient({ patientId: '1' })).rejects.toMatchObject({ code: 'timeout', retryable: true });
  });
  it('rejects a body of the wrong type', async () => {
    const { c } = client(fakeFetch(() => json({ resourceType: 'Encounter', id: '1' })));
    await expect(c.getPatient({ patientId: '1' })).rejects.toMatchObject({ code: 'bad_response' });
  });
});

describe('creates are never retried blindly', () => {
  it('a POST after 503 is not retried and says whether it may have happened', async () => {
    const fetch = fakeFetch(() => json(outcome('transient', 'x'), 503, { 'retry-after': '1' }));
    const { c } = client(fetch);
    const err = await c.createClinicalNote({ patientId: '1', encounterId: '2', text: 'hi' }).catch((e: unknown) => e);
    expect(fetch.calls).toHaveLength(1);
    expect(err).toMatchObject({ code: 'server_error', retryable: false, mayHaveSucceeded: false });
    const fetch500 = fakeFetch(() => json(outcome('exception', 'x'), 500));
    const err500 = await client(fetch500).c.createClinicalNote({ patientId: '1', encounterId: '2', text: 'hi' }).catch((e: unknown) => e);
    expect(fetch500.calls).toHaveLength(1);
    expect(err500).toMatchObject({ mayHaveSucceeded: true });
    expect((err500 as Error).message).toMatch(/may have happened/);
  });
  it('a POST whose connection fails is not retried and may have succeeded', async () => {
    const fetch = fakeFetch(() => {
      throw new TypeError('socket hang up');
    });
    const err = await client(fetch).c.createPatient({ assigningOrganizationId: '675844', family: 'Wolf', given: 'Person' }).catch((e: unknown) => e);
    expect(fetch.calls).toHaveLength(1);
    expect(err).toMatchObject({ code: 'network', mayHaveSucceeded: true, retryable: false });
  });
});

describe('createPatient / createClinicalNote', () => {
  const created = (type: string, id: string) => () => new Response(null, { status: 201, headers: { Location: `${BASE}/${type}/${id}/_history/0` } });
  it('sends every field it was given and returns the id from Location', async () => {
    const fetch = fakeFetch(created('Patient', '5786010'));
    const r = await client(fetch).c.createPatient({
      assigningOrganizationId: '675844',
      family: 'Wolf',
      given: ['Person', 'Name', 'Third'],
      birthDate: '1990-09-15',
      gender: 'female',
      email: 'p@example.org',
      phone: '(816) 555-0100',
      ssn: '123456789',
      address: { line: ['1 Main St'], city: 'Kansas City', state: 'MO', postalCode: '64117', country: 'US' },
    });
    expect(r).toEqual({ id: '5786010' });
    const body = JSON.parse(String(fetch.calls[0]!.init.body));
    expect(body).toMatchObject({
      resourceType: 'Patient',
      identifier: [{ assigner: { reference: 'Organization/675844' } }, { system: 'http://hl7.org/fhir/sid/us-ssn', value: '123-45-6789' }],
      name: [{ use: 'official', family: 'Wolf', given: ['Person', 'Name Third'] }],
      birthDate: '1990-09-15',
      gender: 'female',
      telecom: [{ system: 'phone', value: '(816) 555-0100' }, { system: 'email', value: 'p@example.org' }],
      address: [{ use: 'home', line: ['1 Main St'], city: 'Kansas City', state: 'MO', postalCode: '64117', country: 'US' }],
    });
    expect(Object.keys(body.identifier[0])).toEqual(['assigner']);
    expect((fetch.calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/fhir+json');
  });
  it('builds a DocumentReference Cerner accepts', async () => {
    const fetch = fakeFetch(created('DocumentReference', '201051629'));
    const now = Date.parse('2026-11-25T10:00:00.000Z');
    const r = await client(fetch, { now: () => now }).c.createClinicalNote({ patientId: '12724066', encounterId: '97939518', text: 'Line 1\nLínea 2 ✓', title: 'Visit' });
    expect(r).toEqual({ id: '201051629' });
    const doc = JSON.parse(String(fetch.calls[0]!.init.body));
    expect(doc).toMatchObject({
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
      subject: { reference: 'Patient/12724066' },
      content: [{ attachment: { contentType: 'text/plain;charset=utf-8', title: 'Visit', creation: '2026-11-25T10:00:00.000Z' } }],
      context: { encounter: [{ reference: 'Encounter/97939518' }], period: { start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T10:00:00.000Z' } },
    });
    expect(Buffer.from(doc.content[0].attachment.data, 'base64').toString('utf8')).toBe('Line 1\nLínea 2 ✓');
  });
  it('fails with bad_response when Location is missing', async () => {
    const fetch = fakeFetch(() => new Response(null, { status: 201 }));
    await expect(client(fetch).c.createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B' })).rejects.toMatchObject({ code: 'bad_response', mayHaveSucceeded: true });
  });
});

describe('findPatientByMrn', () => {
  const bundle = (...ids: string[]) => json({ resourceType: 'Bundle', type: 'searchset', total: ids.length, ...(ids.length ? { entry: ids.map((id) => ({ resource: { resourceType: 'Patient', id }, search: { mode: 'match' } })) } : {}) });
  it('searches system|mrn with the default system, per-client and per-call overrides', async () => {
    const fetch = fakeFetch(() => bundle('13115400'));
    expect(await client(fetch).c.findPatientByMrn({ mrn: '292392' })).toEqual({ id: '13115400' });
    expect(fetch.calls[0]!.url).toBe(`${BASE}/Patient?identifier=urn%3Aoid%3A2.16.840.1.113883.6.1000%7C292392`);
    const f2 = fakeFetch(() => bundle());
    const c2 = client(f2, { mrnSystem: 'urn:oid:1.2.3' }).c;
    expect(await c2.findPatientByMrn({ mrn: '1' })).toBeNull();
    await c2.findPatientByMrn({ mrn: '1', system: 'urn:oid:9.9' });
    expect(decodeURIComponent(f2.calls[0]!.url)).toContain('identifier=urn:oid:1.2.3|1');
    expect(decodeURIComponent(f2.calls[1]!.url)).toContain('identifier=urn:oid:9.9|1');
  });
  it('fails when several patients match', async () => {
    await expect(client(fakeFetch(() => bundle('1', '2'))).c.findPatientByMrn({ mrn: '7' })).rejects.toMatchObject({ code: 'multiple_matches' });
  });
});

describe('getPatientEncounters paging', () => {
  const page = (ids: string[], next?: string) =>
    json({ resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'self', url: 'x' }, ...(next ? [{ relation: 'next', url: next }] : [])], entry: ids.map((id) => ({ resource: { resourceType: 'Encounter', id }, search: { mode: 'match' } })) });
  it('follows every next link as given and de-duplicates', async () => {
    const n1 = `${BASE}/Encounter?patient=1&-pageContext=abc&-pageDirection=NEXT`;
    const n2 = `${BASE}/Encounter?patient=1&-pageContext=def&-pageDirection=NEXT`;
    const fetch = fakeFetch(() => page(['a', 'b'], n1), () => page(['b', 'c'], n2), () => page(['d']));
    const r = await client(fetch).c.getPatientEncounters({ patientId: '1' });
    expect(r.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(fetch.calls.map((c) => c.url)).toEqual([`${BASE}/Encounter?patient=1`, n1, n2]);
  });
  it('stops a paging loop and refuses a next link on another origin', async () => {
    const loop = `${BASE}/Encounter?patient=1&-pageContext=x`;
    await expect(client(fakeFetch(() => page(['a'], loop))).c.getPatientEncounters({ patientId: '1' })).rejects.toMatchObject({ code: 'bad_response' });
    const evil = fakeFetch(() => page(['a'], 'https://evil.example/Encounter?page=2'));
    await expect(client(evil).c.getPatientEncounters({ patientId: '1' })).rejects.toThrow(/another origin/);
    expect(evil.calls).toHaveLength(1);
  });
});

describe('input and scopes are checked before any request', () => {
  it('names the field', async () => {
    const fetch = fakeFetch(() => json(patient));
    const { c, auth } = client(fetch);
    const cases: [() => Promise<unknown>, string][] = [
      [() => c.getPatient({ patientId: '' }), 'patientId'],
      [() => c.getPatient({ patientId: 'a/b' }), 'patientId'],
      [() => c.createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B', birthDate: '15/09/1990' }), 'birthDate'],
      [() => c.createPatient({ assigningOrganizationId: '1', family: 'x'.repeat(101), given: 'B' }), 'family'],
      [() => c.createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B', address: { postalCode: '1'.repeat(26) } }), 'address.postalCode'],
      [() => c.createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B', nickname: 'x' } as never), 'nickname'],
      [() => c.findPatientByMrn({ mrn: ' ' }), 'mrn'],
      [() => c.createClinicalNote({ patientId: '1', encounterId: '2', text: '' }), 'text'],
      [() => c.run('createClinicalNote', { patientId: '1', encounterId: '2', text: 'x', date: 'yesterday' }), 'date'],
    ];
    for (const [call, field] of cases) {
      const err = await call().catch((e: unknown) => e);
      expect(err, field).toMatchObject({ code: 'invalid_input', field });
      expect((err as Error).message).toContain(field);
    }
    expect(fetch.calls).toHaveLength(0);
    expect(auth.issued).toBe(0);
  });
  it('a missing scope is named with what to do, and no FHIR request is made', async () => {
    const fetch = fakeFetch(() => json(patient));
    const c = createCernerClient({ fhirBaseUrl: BASE, auth: fakeAuth(['system/Patient.read']), fetch });
    const err = await c.createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'missing_scope', missingScopes: ['system/Patient.write'] });
    expect((err as Error).message).toMatch(/not granted system\/Patient\.write\. Add it to the system account's scopes/);
    expect(fetch.calls).toHaveLength(0);
  });
  it('validates options', () => {
    expect(() => createCernerClient({ auth: fakeAuth() })).toThrow(expect.objectContaining({ field: 'tenantId' }));
    expect(() => createCernerClient({ auth: fakeAuth(), tenantId: 't', environment: 'prod' as never })).toThrow(expect.objectContaining({ field: 'environment' }));
    expect(createCernerClient({ auth: fakeAuth(), tenantId: 't', environment: 'sandbox' }).fhirBaseUrl).toBe('https://fhir-ehr-code.cerner.com/r4/t');
  });
});

describe('logs', () => {
  it('never contain tokens, query strings or bodies', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const fetch = fakeFetch(() => json({ resourceType: 'Bundle', type: 'searchset', total: 0 }), () => json(outcome('x', 'y'), 500));
    const c = createCernerClient({ fhirBaseUrl: BASE, auth: fakeAuth(), fetch, logger, sleep: async () => undefined, retry: { retries: 0 } });
    await c.findPatientByMrn({ mrn: 'MRN-SECRET-42' });
    const err = await c.createClinicalNote({ patientId: '1', encounterId: '2', text: 'PHI note text' }).catch((e: unknown) => e);
    const all = JSON.stringify([logger.debug.mock.calls, logger.warn.mock.calls, logger.info.mock.calls, err, (err as Error).message]);
    for (const secret of ['tok-1', 'MRN-SECRET-42', 'PHI note text', Buffer.from('PHI note text').toString('base64')]) expect(all).not.toContain(secret);
  });
});
