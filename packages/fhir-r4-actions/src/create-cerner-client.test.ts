import { describe, expect, it } from 'vitest';
import { BASE, encounter, outcomes, patient, searchset } from './__fixtures__/cerner-payloads.js';
import { fakeAuth } from './__fixtures__/fake-auth.js';
import { created, fakeFetch, fhirJson, networkError } from './__fixtures__/fake-fetch.js';
import { testClient } from './__fixtures__/test-client.js';
import { ALL_ACTION_SCOPES } from './actions/registry.js';
import { createCernerClient } from './create-cerner-client.js';
import { FhirActionError } from './errors.js';

describe('createCernerClient options', () => {
  it("builds Cerner's URLs from tenant and environment; fhirBaseUrl overrides", () => {
    const auth = fakeAuth();
    const sandbox = createCernerClient({ tenantId: 'tenant-1', environment: 'sandbox', auth });
    expect(sandbox.fhirBaseUrl).toBe('https://fhir-ehr-code.cerner.com/r4/tenant-1');
    expect(sandbox.tokenUrl).toBe(
      'https://authorization.cerner.com/tenants/tenant-1/protocols/oauth2/profiles/smart-v1/token',
    );
    expect(
      createCernerClient({ tenantId: 'tenant-1', environment: 'production', auth }).fhirBaseUrl,
    ).toBe('https://fhir-ehr.cerner.com/r4/tenant-1');
    const mock = createCernerClient({
      fhirBaseUrl: 'http://127.0.0.1:4010/r4/tenant-1/',
      tokenUrl: 'http://127.0.0.1:4010/token',
      auth,
    });
    expect(mock.fhirBaseUrl).toBe('http://127.0.0.1:4010/r4/tenant-1');
    expect(mock.tokenUrl).toBe('http://127.0.0.1:4010/token');
    expect(mock.scopes).toEqual(ALL_ACTION_SCOPES);
    expect(mock.mrnSystem).toBe('urn:oid:2.16.840.1.113883.6.1000');
  });

  it('names the bad option', () => {
    const auth = fakeAuth();
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'auth'],
      [{ auth }, 'tenantId'],
      [{ auth, tenantId: 't' }, 'environment'],
      [{ auth, tenantId: 't', environment: 'prod' }, 'environment'],
      [{ auth, fhirBaseUrl: 'fhir.example/r4' }, 'fhirBaseUrl'],
      [{ auth, fhirBaseUrl: 'ftp://fhir.example/r4' }, 'fhirBaseUrl'],
      [{ auth, fhirBaseUrl: 'https://fhir.example/r4?x=1' }, 'fhirBaseUrl'],
      [{ auth, fhirBaseUrl: BASE, tokenUrl: 'nope' }, 'tokenUrl'],
      [{ auth, fhirBaseUrl: BASE, scopes: [] }, 'scopes'],
      [{ auth, fhirBaseUrl: BASE, scopes: ['a b'] }, 'scopes'],
      [{ auth, fhirBaseUrl: BASE, mrnSystem: 'urn:oid:1|2' }, 'mrnSystem'],
      [{ auth, fhirBaseUrl: BASE, timeoutMs: 0 }, 'timeoutMs'],
      [{ auth, fhirBaseUrl: BASE, retry: { retries: -1 } }, 'retry.retries'],
      [{ auth, fhirBaseUrl: BASE, retry: { maxDelayMs: -1 } }, 'retry.maxDelayMs'],
      [{ auth, fhirBaseUrl: BASE, fetch: 'x' }, 'fetch'],
      [{ auth, fhirBaseUrl: BASE, sleep: 1 }, 'sleep'],
      [{ auth, fhirBaseUrl: BASE, now: 'x' }, 'now'],
      [{ auth, fhirBaseUrl: BASE, retry: 3 }, 'retry'],
      [{ auth, fhirBaseUrl: BASE, timeoutMs: 1.5 }, 'timeoutMs'],
      [{ auth, fhirBaseUrl: BASE, retry: { baseDelayMs: -1 } }, 'retry.baseDelayMs'],
    ];
    for (const [options, field] of cases) {
      let err: unknown;
      try {
        createCernerClient(options as never);
      } catch (e) {
        err = e;
      }
      expect(FhirActionError.isInstance(err), field).toBe(true);
      expect(err, field).toMatchObject({ code: 'invalid_input', field });
    }
  });

  it('refuses unknown option keys, naming the key and the nearest valid one', () => {
    const auth = fakeAuth();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ retires: 3 }, 'retires', /unknown option \(did you mean retry\.retries\?\)/],
      [{ retyr: {} }, 'retyr', /unknown option \(did you mean retry\?\)/],
      [{ timeoutMS: 5_000 }, 'timeoutMS', /did you mean timeoutMs\?/],
      [{ retry: { retires: 1 } }, 'retry.retires', /did you mean retry\.retries\?/],
      [{ mrnsystem: 'x' }, 'mrnsystem', /did you mean mrnSystem\?/],
      [
        { zzzzzzzz: 1 },
        'zzzzzzzz',
        /^createCernerClient: zzzzzzzz: unknown option; expected tenantId, /,
      ],
    ];
    for (const [extra, field, message] of cases) {
      let err: unknown;
      try {
        createCernerClient({ auth, fhirBaseUrl: BASE, ...extra } as never);
      } catch (e) {
        err = e;
      }
      expect(err, field).toMatchObject({ code: 'invalid_input', field });
      expect((err as Error).message, field).toMatch(message);
    }
    // Checked first: a misspelt auth is named as such, not as a missing auth.
    expect(() => createCernerClient({ auht: auth, fhirBaseUrl: BASE } as never)).toThrow(
      /auht: unknown option \(did you mean auth\?\)/,
    );
  });

  it('refuses a timeout or delay above 2^31-1 ms, which a Node timer fires after 1 ms', () => {
    const auth = fakeAuth();
    const max = 2 ** 31 - 1;
    for (const [extra, field] of [
      [{ timeoutMs: max + 1 }, 'timeoutMs'],
      [{ retry: { maxDelayMs: max + 1 } }, 'retry.maxDelayMs'],
      [{ retry: { baseDelayMs: 1e12 } }, 'retry.baseDelayMs'],
    ] as const) {
      expect(() => createCernerClient({ auth, fhirBaseUrl: BASE, ...extra })).toThrow(
        expect.objectContaining({
          code: 'invalid_input',
          field,
          message: expect.stringMatching(/at most 2147483647 ms/),
        }),
      );
    }
    expect(
      createCernerClient({ auth, fhirBaseUrl: BASE, timeoutMs: max, retry: { maxDelayMs: max } })
        .fhirBaseUrl,
    ).toBe(BASE);
  });

  it('warns when the token would travel over plain http to a non-loopback host', () => {
    const lines: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
      warn: (m: string) => void lines.push(m),
    };
    createCernerClient({ fhirBaseUrl: 'http://127.0.0.1:1/r4/t', auth: fakeAuth(), logger });
    expect(lines).toEqual([]);
    createCernerClient({ fhirBaseUrl: 'http://fhir.internal/r4/t', auth: fakeAuth(), logger });
    expect(lines[0]).toMatch(/plain http/);
    // A logger that throws does not break the client.
    const throwing = {
      ...logger,
      warn: () => {
        throw new Error('broken logger');
      },
    };
    expect(
      createCernerClient({
        fhirBaseUrl: 'http://fhir.internal/r4/t',
        auth: fakeAuth(),
        logger: throwing,
      }).fhirBaseUrl,
    ).toBe('http://fhir.internal/r4/t');
  });

  it('accepts a FHIR base whose last segment is not valid percent-encoding', () => {
    for (const fhirBaseUrl of [
      'https://fhir.example.org/r4/100%',
      'https://fhir.example.org/r4/%E0%A4%A',
    ]) {
      expect(() => createCernerClient({ fhirBaseUrl, auth: fakeAuth() })).not.toThrow();
    }
  });

  it('requests the client scopes from auth (default: the seven actions’ union)', async () => {
    const { client, auth } = testClient(fakeFetch(() => fhirJson(patient('1'))));
    await client.getPatient({ patientId: '1' });
    expect(auth.requests.length).toBeGreaterThan(0);
    expect(
      auth.requests.every(
        (r) => r === ALL_ACTION_SCOPES || JSON.stringify(r) === JSON.stringify(ALL_ACTION_SCOPES),
      ),
    ).toBe(true);
  });
});

describe('client.run', () => {
  it('runs an action by key with unchecked input', async () => {
    const fetch = fakeFetch(() => fhirJson(searchset([patient('4400001')], { total: 1 })));
    const { client } = testClient(fetch);
    expect(await client.run('findPatientByMrn', { mrn: '700123' })).toEqual({ id: '4400001' });
  });
  it('rejects (never throws synchronously) on bad input and unknown keys', async () => {
    const { client } = testClient(fakeFetch(() => fhirJson(patient('1'))));
    const p = client.run('getPatient', 'not an object');
    await expect(p).rejects.toMatchObject({ code: 'invalid_input', field: 'input' });
    await expect(client.run('deletePatient' as never, {})).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'key',
    });
  });
});

describe('missing scopes', () => {
  it('a scope the client did not request: says to add it to the scopes option', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/1`));
    const { client } = testClient(fetch, {
      scopes: ['system/Patient.read'],
      auth: fakeAuth(['system/Patient.read']),
    });
    const err = (await client
      .createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B' })
      .catch((e: unknown) => e)) as FhirActionError;
    expect(err).toMatchObject({ code: 'missing_scope', missingScopes: ['system/Patient.write'] });
    expect(err.message).toMatch(
      /^This client did not request system\/Patient\.write: add it to the `scopes` option of createCernerClient, and make sure the system account has it in Cerner Code Console/,
    );
    expect(fetch.calls).toHaveLength(0);
  });
  it('Cerner dropped a requested scope (granted a subset)', async () => {
    const fetch = fakeFetch(() => fhirJson(searchset([])));
    const { client } = testClient(fetch, { auth: fakeAuth(['system/Patient.read']) });
    await expect(client.getPatientEncounters({ patientId: '1' })).rejects.toMatchObject({
      code: 'missing_scope',
      missingScopes: ['system/Encounter.read'],
      message:
        "The Cerner app is not granted system/Encounter.read. Add it to the system account's scopes in Cerner Code Console (the token was granted: system/Patient.read).",
    });
  });
  it('a token failure is auth_failed before any FHIR request', async () => {
    const fetch = fakeFetch(() => fhirJson(patient('1')));
    const { client } = testClient(fetch, {
      auth: fakeAuth([], { fail: new Error('token endpoint down') }),
    });
    await expect(client.getPatient({ patientId: '1' })).rejects.toMatchObject({
      code: 'auth_failed',
    });
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('logs', () => {
  it('carry method, resource type, status, duration and request id; never tokens, URLs, queries, bodies or patient data', async () => {
    const mrn = 'MRN-PHI-700123';
    const noteText = 'PHI note: Ada Quill has a cough';
    const fetch = fakeFetch(
      () => fhirJson(outcomes.invalidToken, 401),
      () =>
        fhirJson(searchset([patient('4400001', mrn)], { total: 1 }), 200, {
          'X-Request-Id': 'req-1',
        }),
      () => fhirJson(outcomes.transient, 503, { 'Retry-After': '1' }),
      () => fhirJson(searchset([encounter('9100001', '4400001', '2020-01-01T08:00:00.000Z')])),
      () => created(`${BASE}/Patient/4400777`),
      () => fhirJson(outcomes.transient, 500),
      () => {
        throw networkError('ECONNRESET');
      },
    );
    const { client, logger } = testClient(fetch, { retry: { retries: 1 } });
    await client.findPatientByMrn({ mrn });
    await client.getPatientEncounters({ patientId: '4400001' });
    await client.createPatient({
      assigningOrganizationId: '619848',
      family: 'Quill',
      given: 'Ada',
      ssn: '123-45-6789',
      email: 'ada@example.org',
      birthDate: '1984-02-29',
    });
    const errors = [
      await client
        .createClinicalNote({ patientId: '4400001', encounterId: '9100001', text: noteText })
        .catch((e: unknown) => e),
      await client.getPatient({ patientId: '4400001' }).catch((e: unknown) => e),
    ];
    expect(logger.lines.length).toBeGreaterThan(5);
    for (const line of logger.lines) {
      expect(
        Object.keys(line.fields ?? {}).every((k) =>
          [
            'method',
            'resourceType',
            'status',
            'durationMs',
            'requestId',
            'attempt',
            'code',
            'retryInMs',
          ].includes(k),
        ),
      ).toBe(true);
    }
    expect(logger.lines.find((l) => l.fields?.requestId === 'req-1')?.fields).toMatchObject({
      method: 'GET',
      resourceType: 'Patient',
      status: 200,
      durationMs: 0,
    });
    const everything = JSON.stringify([
      logger.lines,
      errors,
      errors.map((e) => (e as Error).message),
    ]);
    for (const secret of [
      'tok-SECRET',
      mrn,
      '700123',
      'identifier=',
      '-pageContext',
      noteText,
      Buffer.from(noteText).toString('base64'),
      'Quill',
      'Ada',
      '123-45-6789',
      'ada@example.org',
      '1984-02-29',
    ]) {
      expect(everything, secret).not.toContain(secret);
    }
  });
});
