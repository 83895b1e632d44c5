import { describe, expect, it } from 'vitest';
import { BASE, outcomes } from '../__fixtures__/cerner-payloads.js';
import { fakeAuth } from '../__fixtures__/fake-auth.js';
import { created, fakeFetch, fhirJson } from '../__fixtures__/fake-fetch.js';
import { NOW, testClient } from '../__fixtures__/test-client.js';
import { buildDocumentReference, createClinicalNoteInput } from './create-clinical-note.js';

const text = 'Seen today.\nBP 118/76 — “stable” ✓ naïve café 𝄞';

describe('createClinicalNote', () => {
  it('POSTs the DocumentReference Cerner accepts and returns the id from Location', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/DocumentReference/30001234`));
    const { client } = testClient(fetch);
    expect(
      await client.createClinicalNote({
        patientId: '4400001',
        encounterId: '9100001',
        text,
        title: 'Follow-up',
      }),
    ).toEqual({ id: '30001234' });
    const call = fetch.calls[0]!;
    expect(call).toMatchObject({
      method: 'POST',
      url: `${BASE}/DocumentReference`,
      headers: { 'Content-Type': 'application/fhir+json' },
    });
    const doc = JSON.parse(call.body!);
    const now = new Date(NOW).toISOString();
    expect(now).toBe('2026-11-25T10:00:00.000Z');
    expect(doc).toEqual({
      resourceType: 'DocumentReference',
      status: 'current',
      docStatus: 'final',
      type: {
        coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }],
        text: 'Progress note',
      },
      subject: { reference: 'Patient/4400001' },
      content: [
        {
          attachment: {
            contentType: 'text/plain;charset=utf-8',
            data: expect.any(String),
            title: 'Follow-up',
          },
        },
      ],
      context: {
        encounter: [{ reference: 'Encounter/9100001' }],
        period: { start: now, end: now },
      },
    });
    expect(Buffer.from(doc.content[0].attachment.data, 'base64').toString('utf8')).toBe(text);
    expect(doc.content).toHaveLength(1);
  });

  it('HTML, a custom LOINC type, an author, docStatus, explicit period and creation', () => {
    const doc = buildDocumentReference(
      createClinicalNoteInput.parse({
        patientId: '1',
        encounterId: '2',
        text: '<p>Seen<br/>today</p>',
        contentType: 'text/html',
        loincCode: '34117-2',
        loincDisplay: 'History and physical note',
        authorId: '5550001',
        docStatus: 'amended',
        periodStart: '2026-11-24T08:30:00-06:00',
        periodEnd: '2026-11-24T09:15:00.5-06:00',
        creation: '2026-11-24T16:00:00Z',
      }),
      NOW,
    );
    expect(doc).toMatchObject({
      docStatus: 'amended',
      type: {
        coding: [
          { system: 'http://loinc.org', code: '34117-2', display: 'History and physical note' },
        ],
        text: 'History and physical note',
      },
      author: [{ reference: 'Practitioner/5550001' }],
      content: [
        {
          attachment: {
            contentType: 'text/html;charset=utf-8',
            creation: '2026-11-24T16:00:00.000Z',
          },
        },
      ],
      context: { period: { start: '2026-11-24T14:30:00.000Z', end: '2026-11-24T15:15:00.500Z' } },
    });
    expect(Buffer.from(doc.content[0]!.attachment.data!, 'base64').toString('utf8')).toBe(
      '<p>Seen<br/>today</p>',
    );
  });

  it('a custom LOINC code without a display sends no display', () => {
    const doc = buildDocumentReference(
      createClinicalNoteInput.parse({
        patientId: '1',
        encounterId: '2',
        text: 'x',
        loincCode: '11488-4',
      }),
      NOW,
    );
    expect(doc.type).toEqual({ coding: [{ system: 'http://loinc.org', code: '11488-4' }] });
  });

  it('a Cerner code set 72 type: one proprietary coding under the tenant, no LOINC', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/DocumentReference/30001235`));
    const { client } = testClient(fetch);
    await client.createClinicalNote({
      patientId: '4400001',
      encounterId: '9100001',
      text: 'Admitted.',
      noteTypeCode: '2820507',
      noteTypeDisplay: 'Admission Note Physician',
    });
    const tenant = new URL(BASE).pathname.split('/').at(-1);
    expect(JSON.parse(fetch.calls[0]!.body!).type).toEqual({
      coding: [
        {
          system: `https://fhir.cerner.com/${tenant}/codeSet/72`,
          code: '2820507',
          display: 'Admission Note Physician',
          userSelected: true,
        },
      ],
      text: 'Admission Note Physician',
    });
    expect(() =>
      buildDocumentReference(
        createClinicalNoteInput.parse({
          patientId: '1',
          encounterId: '2',
          text: 'x',
          noteTypeCode: '1',
        }),
        NOW,
      ),
    ).toThrow(/tenant id is unknown/);
    // Without a path segment to take the tenant from: refused before any request.
    const noTenant = testClient(fetch, { fhirBaseUrl: 'https://fhir.example.org' });
    await expect(
      noTenant.client.createClinicalNote({
        patientId: '1',
        encounterId: '2',
        text: 'x',
        noteTypeCode: '1',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'noteTypeCode' });
    expect(noTenant.auth.requests).toHaveLength(0);
  });

  it('validates before any request, naming the field', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/DocumentReference/1`));
    const { client, auth } = testClient(fetch);
    const base = { patientId: '4400001', encounterId: '9100001', text: 'note' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, text: '' }, 'text'],
      [{ ...base, text: ' \n ' }, 'text'],
      [{ ...base, contentType: 'application/pdf' }, 'contentType'],
      [{ ...base, loincCode: 'progress' }, 'loincCode'],
      [{ ...base, periodEnd: '2026-11-24' }, 'periodEnd'],
      [{ ...base, periodStart: '2026-11-24T10:00:00' }, 'periodStart'],
      [
        { ...base, periodStart: '2026-11-24T10:00:00Z', periodEnd: '2026-11-24T09:00:00Z' },
        'periodStart',
      ],
      [{ ...base, periodStart: '2026-11-26T10:00:00Z' }, 'periodStart'],
      [{ ...base, encounterId: 'Encounter/1' }, 'encounterId'],
      [{ ...base, authorId: '' }, 'authorId'],
      [{ ...base, docStatus: 'preliminary' }, 'docStatus'],
      // An unknown key is not echoed (it may hold data): the object holding it is named (#16).
      [{ ...base, date: '2026-11-24T10:00:00Z' }, 'input'],
      [{ ...base, noteTypeCode: 'ADMIT' }, 'noteTypeCode'],
      [{ ...base, noteTypeCode: '2820507', loincCode: '11506-3' }, 'noteTypeCode'],
      [{ ...base, noteTypeCode: '2820507', loincDisplay: 'Progress note' }, 'noteTypeCode'],
      [{ ...base, noteTypeDisplay: 'Admission Note Physician' }, 'noteTypeDisplay'],
    ];
    for (const [input, field] of cases) {
      await expect(client.createClinicalNote(input as never), field).rejects.toMatchObject({
        code: 'invalid_input',
        field,
      });
    }
    expect(fetch.calls).toHaveLength(0);
    expect(auth.requests).toHaveLength(0);
  });

  it('is not retried on 503: one request, mayHaveSucceeded', async () => {
    const fetch = fakeFetch(() => fhirJson(outcomes.transient, 503));
    const err = await testClient(fetch)
      .client.createClinicalNote({ patientId: '1', encounterId: '2', text: 'x' })
      .catch((e: unknown) => e);
    expect(fetch.calls).toHaveLength(1);
    expect(err).toMatchObject({ code: 'server_error', mayHaveSucceeded: true, retryable: false });
  });

  it('names the missing DocumentReference scope in the style the app uses (v2 here)', async () => {
    const fetch = fakeFetch(() => created(`${BASE}/DocumentReference/1`));
    const { client } = testClient(fetch, {
      auth: fakeAuth(['system/DocumentReference.rs']),
      scopes: ['system/DocumentReference.crs'],
    });
    await expect(
      client.createClinicalNote({ patientId: '1', encounterId: '2', text: 'x' }),
    ).rejects.toMatchObject({
      code: 'missing_scope',
      missingScopes: ['system/DocumentReference.c'],
      message: expect.stringMatching(
        /^The Cerner app is not granted system\/DocumentReference\.c\./,
      ),
    });
    expect(fetch.calls).toHaveLength(0);
  });
});
