import { describe, expect, it } from 'vitest';
import { BASE, outcomes } from '../__fixtures__/cerner-payloads.js';
import { fakeAuth } from '../__fixtures__/fake-auth.js';
import { created, fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { testClient } from '../__fixtures__/test-client.js';
import { buildPatient, createPatientInput, type CreatePatientInput } from './create-patient.js';

const full: CreatePatientInput = {
  assigningOrganizationId: '619848',
  family: 'Quill',
  given: ['Ada', 'Mae', 'Lovelace'],
  prefix: 'Dr.',
  suffix: 'III',
  birthDate: '1984-02-29',
  gender: 'female',
  email: 'ada.quill@example.org',
  phone: '(816) 555-0142',
  phoneUse: 'mobile',
  ssn: '123456789',
  address: {
    line: ['12 Orchard Lane', 'Apt 4'],
    city: 'Kansas City',
    district: 'Jackson',
    state: 'MO',
    postalCode: '64111',
    country: 'US',
  },
};

describe('createPatient', () => {
  it('POSTs a body with every given field, in Cerner’s shape, and returns the id from Location', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/4400777/_history/0`));
    const { client } = testClient(fetch);
    expect(await client.createPatient(full)).toEqual({ id: '4400777' });
    const call = fetch.calls[0]!;
    expect(call).toMatchObject({ method: 'POST', url: `${BASE}/Patient` });
    expect(call.headers['Content-Type']).toBe('application/fhir+json');
    expect(JSON.parse(call.body!)).toEqual({
      resourceType: 'Patient',
      identifier: [
        { assigner: { reference: 'Organization/619848' } },
        {
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
                code: 'SS',
                display: 'Social Security number',
              },
            ],
            text: 'Social Security Number',
          },
          system: 'http://hl7.org/fhir/sid/us-ssn',
          value: '123-45-6789',
        },
      ],
      name: [
        {
          use: 'official',
          family: 'Quill',
          given: ['Ada', 'Mae Lovelace'],
          prefix: ['Dr.'],
          suffix: ['III'],
        },
      ],
      telecom: [
        { system: 'phone', use: 'mobile', value: '(816) 555-0142' },
        { system: 'email', use: 'home', value: 'ada.quill@example.org' },
      ],
      gender: 'female',
      birthDate: '1984-02-29',
      address: [
        {
          use: 'home',
          line: ['12 Orchard Lane', 'Apt 4'],
          city: 'Kansas City',
          district: 'Jackson',
          state: 'MO',
          postalCode: '64111',
          country: 'US',
        },
      ],
    });
  });

  it('sends birthDate (the Awell extension never did) and a minimal body when only the required fields are given', () => {
    const p = buildPatient(
      createPatientInput.parse({
        assigningOrganizationId: '1',
        family: 'Quill',
        given: 'Ada',
        birthDate: '1990-12-12',
      }),
    );
    expect(p).toEqual({
      resourceType: 'Patient',
      identifier: [{ assigner: { reference: 'Organization/1' } }],
      name: [{ use: 'official', family: 'Quill', given: ['Ada'] }],
      birthDate: '1990-12-12',
    });
    expect(Object.keys(p.identifier![0]!)).toEqual(['assigner']);
  });

  it('trims text and takes a single address line as a string', () => {
    const p = buildPatient(
      createPatientInput.parse({
        assigningOrganizationId: '1',
        family: ' Quill ',
        given: [' Ada '],
        address: { line: '1 Main St', city: 'KC' },
      }),
    );
    expect(p.name![0]).toEqual({ use: 'official', family: 'Quill', given: ['Ada'] });
    expect(p.address).toEqual([{ use: 'home', line: ['1 Main St'], city: 'KC' }]);
  });

  it('a 201 without Location is bad_response with mayHaveSucceeded', async () => {
    const fetch = fakeFetch(
      () => new Response(null, { status: 201, headers: { 'X-Request-Id': 'r1' } }),
    );
    await expect(
      testClient(fetch).client.createPatient({
        assigningOrganizationId: '1',
        family: 'A',
        given: 'B',
      }),
    ).rejects.toMatchObject({
      code: 'bad_response',
      mayHaveSucceeded: true,
      requestId: 'r1',
      message: expect.stringMatching(/search for it before trying again/),
    });
  });

  it("Cerner's 422 comes back as unprocessable with the issues, not retried", async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.businessRule, 422));
    const err = await testClient(fetch)
      .client.createPatient(full)
      .catch((e: unknown) => e);
    expect(fetch.calls).toHaveLength(1);
    expect(err).toMatchObject({
      code: 'unprocessable',
      status: 422,
      mayHaveSucceeded: false,
      issues: [{ code: 'business-rule', expression: ['Patient.name'] }],
    });
  });

  it('validates before any token or request, naming the field', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/1`));
    const { client, auth } = testClient(fetch);
    const base = { assigningOrganizationId: '619848', family: 'Quill', given: 'Ada' };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { ...base, birthDate: '15/09/1990' },
        'birthDate',
        /^createPatient: birthDate: expected YYYY-MM-DD$/,
      ],
      [{ ...base, birthDate: '1990-13-45' }, 'birthDate', /expected YYYY-MM-DD/],
      [{ ...base, family: 'x'.repeat(101) }, 'family', /at most 100 characters/],
      [{ ...base, family: '   ' }, 'family', /must not be empty/],
      [{ ...base, given: ['Ada', 'y'.repeat(101)] }, 'given[1]', /at most 100/],
      [
        { ...base, given: ['Ada', 'y'.repeat(60), 'z'.repeat(60)] },
        'given',
        /joined; together they exceed 100/,
      ],
      [{ ...base, given: [] }, 'given', /must not be empty/],
      [{ ...base, gender: 'M' }, 'gender', /expected one of/],
      [{ ...base, email: 'not-an-email' }, 'email', /email/],
      [{ ...base, phone: 'call me' }, 'phone', /phone/],
      [{ ...base, ssn: '12-345-678' }, 'ssn', /9 digits/],
      [{ ...base, address: { postalCode: '1'.repeat(26) } }, 'address.postalCode', /at most 25/],
      [{ ...base, address: { city: 'c'.repeat(101) } }, 'address.city', /at most 100/],
      [{ ...base, address: {} }, 'address', /at least one of/],
      [{ ...base, address: { line: ['a', 'b', 'c', 'd', 'e'] } }, 'address.line', /at most 4/],
      [
        { ...base, assigningOrganizationId: 'Organization/1' },
        'assigningOrganizationId',
        /FHIR id/,
      ],
      // An unknown key is not echoed (a key can hold data): the object holding it is named (#16).
      [{ ...base, nickname: 'Addie' }, 'input', /1 unknown field/],
      [{ family: 'Quill', given: 'Ada' }, 'assigningOrganizationId', /required/],
    ];
    for (const [input, field, message] of cases) {
      const err = await client.createPatient(input as CreatePatientInput).catch((e: unknown) => e);
      expect(err, field).toMatchObject({ code: 'invalid_input', field });
      expect((err as Error).message, field).toMatch(message);
      expect((err as Error).message.startsWith(`createPatient: ${field}: `), field).toBe(true);
    }
    expect(fetch.calls).toHaveLength(0);
    expect(auth.requests).toHaveLength(0);
  });

  it('error messages never echo the value given', async () => {
    const { client } = testClient(fakeFetch(() => created(`${BASE}/Patient/1`)));
    const err = (await client
      .createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B', ssn: '99-SECRET-99' })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).not.toContain('SECRET');
  });

  it('a missing write scope is named, with what to do, before any FHIR request', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/1`));
    const { client } = testClient(fetch, {
      auth: fakeAuth(['system/Patient.read', 'system/Encounter.read']),
    });
    const err = (await client
      .createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B' })
      .catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'missing_scope', missingScopes: ['system/Patient.write'] });
    expect(err.message).toBe(
      "The Cerner app is not granted system/Patient.write. Add it to the system account's scopes in Cerner Code Console (the token was granted: system/Patient.read system/Encounter.read).",
    );
    expect(fetch.calls).toHaveLength(0);
  });

  it('a SMART v2 grant (system/Patient.crus) satisfies the create', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/Patient/55`));
    const { client } = testClient(fetch, {
      auth: fakeAuth(['system/Patient.crus']),
      scopes: ['system/Patient.crus'],
    });
    expect(
      await client.createPatient({ assigningOrganizationId: '1', family: 'A', given: 'B' }),
    ).toEqual({ id: '55' });
  });
});
