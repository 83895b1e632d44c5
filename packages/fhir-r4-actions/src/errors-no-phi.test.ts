import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BASE } from './__fixtures__/cerner-payloads.js';
import { fakeFetch, fhirJson } from './__fixtures__/fake-fetch.js';
import { testClient } from './__fixtures__/test-client.js';
import { FhirActionError } from './errors.js';

/** A 422 whose texts repeat what was sent, as a careless server or proxy might. */
const echoing = {
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'error',
      code: 'business-rule',
      details: { text: 'Patient SECRET-NAME Quill already has MRN 700123' },
      diagnostics: 'Rejected body: {"family":"SECRET-NAME"}',
      expression: ['Patient.name'],
    },
  ],
};

const caught = async (p: Promise<unknown>): Promise<FhirActionError> => {
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(FhirActionError.isInstance(e)).toBe(true);
  return e as FhirActionError;
};

describe('FhirActionError keeps server text and ids out of what is logged', () => {
  it('toJSON, util.inspect, String and a spread carry codes and field names only', async () => {
    const fetch = fakeFetch(() => fhirJson(echoing, 422, { 'X-Request-Id': 'req-422' }));
    const { client } = testClient(fetch);
    const err = await caught(client.getEncounter({ encounterId: '97939518' }));
    const shown = [
      JSON.stringify(err),
      JSON.stringify(err.toJSON()),
      inspect(err),
      inspect(err, { showHidden: true, depth: 10 }),
      inspect(err, { getters: true, depth: 10 }),
      // (showHidden and getters together evaluate the accessors: that is reading them on purpose)
      String(err),
      err.stack ?? '',
      JSON.stringify({ ...err }),
    ];
    for (const text of shown) {
      expect(text).not.toContain('SECRET-NAME');
      expect(text).not.toContain('700123');
      expect(text).not.toContain('97939518');
    }
    expect(err.toJSON()).toMatchObject({
      code: 'unprocessable',
      status: 422,
      requestId: 'req-422',
      url: `${BASE}/Encounter/{id}`,
      issues: [{ severity: 'error', code: 'business-rule', expression: ['Patient.name'] }],
    });
    expect(err.message).toBe('GET Encounter failed: HTTP 422 (business-rule).');
  });

  it('the server text and the URL as requested stay available on purpose', async () => {
    const fetch = fakeFetch(() => fhirJson(echoing, 422));
    const { client } = testClient(fetch);
    const err = await caught(client.getEncounter({ encounterId: '97939518' }));
    expect(err.requestUrl).toBe(`${BASE}/Encounter/97939518`);
    expect(err.issues[0]).toMatchObject({
      text: 'Patient SECRET-NAME Quill already has MRN 700123',
      diagnostics: 'Rejected body: {"family":"SECRET-NAME"}',
    });
    expect(err.operationOutcome).toEqual(echoing);
    expect(err.issues).toBe(err.issues); // flattened once
  });

  it('a search URL keeps neither the query nor its values', async () => {
    const fetch = fakeFetch(() => fhirJson(echoing, 400));
    const { client } = testClient(fetch);
    const err = await caught(client.findPatientByMrn({ mrn: '700123' }));
    expect(err.url).toBe(`${BASE}/Patient?…`);
    expect(inspect(err)).not.toContain('700123');
    expect(err.requestUrl).toContain('700123');
  });
});
