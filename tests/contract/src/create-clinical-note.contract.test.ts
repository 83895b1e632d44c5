import type { Binary, DocumentReference } from 'fhir/r4.js';
import { expect, it } from 'vitest';
import { contractSuite, fhirRequests, mockOnly, need, writes } from './harness/contract-suite.js';

contractSuite('createClinicalNote', (t) => {
  const text = 'Progress note.\nBP 120/80 | HR 72 — “stable” ✓';
  /** Reads a resource back through FHIR with a DocumentReference.read token (mock or live). */
  const read = async <T>(url: string): Promise<T> => {
    const token = (await t().auth.getToken(['system/DocumentReference.read'])).accessToken;
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
    });
    return (await res.json()) as T;
  };

  it('a Cerner code set 72 note type is accepted and stored as the only coding', async (ctx) => {
    writes(t, ctx);
    need(t, ctx, 'patientId', 'encounterId');
    const { id } = await t().client.createClinicalNote({
      patientId: t().ids.patientId!,
      encounterId: t().ids.encounterId!,
      text: 'Admission note.',
      noteTypeCode: '2820507',
      noteTypeDisplay: 'Admission Note Physician',
    });
    expect(id).toMatch(/^[A-Za-z0-9.-]+$/);
    const doc = await read<DocumentReference>(`${t().fhirBaseUrl}/DocumentReference/${id}`);
    expect(doc.type?.coding).toEqual([
      expect.objectContaining({
        system: expect.stringMatching(/^https:\/\/fhir\.cerner\.com\/[^/]+\/codeSet\/72$/),
        code: '2820507',
      }),
    ]);
  });

  it('returns the id; the note reads back through DocumentReference and its Binary', async (ctx) => {
    writes(t, ctx);
    need(t, ctx, 'patientId', 'encounterId');
    const { id } = await t().client.createClinicalNote({
      patientId: t().ids.patientId!,
      encounterId: t().ids.encounterId!,
      text,
      title: 'Contract note',
    });
    // The read-back runs against a live tenant too.
    const doc = await read<DocumentReference>(`${t().fhirBaseUrl}/DocumentReference/${id}`);
    expect(doc).toMatchObject({
      status: 'current',
      docStatus: 'final',
      subject: { reference: `Patient/${t().ids.patientId}` },
      type: { coding: [{ code: '11506-3' }] },
    });
    const binary = await read<Binary>(doc.content[0]!.attachment.url!);
    expect(Buffer.from(binary.data!, 'base64').toString('utf8')).toBe(text);
  });
  it('an unknown patient is refused by the server with 422', async (ctx) => {
    mockOnly(t, ctx);
    await expect(
      t().client.createClinicalNote({
        patientId: '999999999',
        encounterId: t().ids.encounterId!,
        text,
      }),
    ).rejects.toMatchObject({ code: 'unprocessable', status: 422 });
  });
  it('missing scope and invalid input fail before any request', async () => {
    const before = fhirRequests(t(), '/DocumentReference').length;
    await expect(
      t()
        .makeClient({ scopes: ['system/Patient.read'] })
        .createClinicalNote({ patientId: '1', encounterId: '2', text }),
    ).rejects.toMatchObject({
      code: 'missing_scope',
      missingScopes: ['system/DocumentReference.write'],
    });
    await expect(
      t().client.createClinicalNote({
        patientId: '1',
        encounterId: '2',
        text,
        contentType: 'application/pdf' as never,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'contentType' });
    expect(fhirRequests(t(), '/DocumentReference').length).toBe(before);
  });
  it('a POST after 503 is not retried (no duplicate note)', async (ctx) => {
    mockOnly(t, ctx);
    const before = t().mock!.mock.state.store.documentsOf(t().ids.patientId!).length;
    t().mock!.mock.state.faults.set([
      { method: 'POST', path: 'DocumentReference', status: 503, retryAfter: 1, times: 1 },
    ]);
    await expect(
      t().client.createClinicalNote({
        patientId: t().ids.patientId!,
        encounterId: t().ids.encounterId!,
        text,
      }),
    ).rejects.toMatchObject({ status: 503, mayHaveSucceeded: false });
    expect(fhirRequests(t(), '/DocumentReference').filter((e) => e.status === 503)).toHaveLength(1);
    expect(t().mock!.mock.state.store.documentsOf(t().ids.patientId!).length).toBe(before);
  });
});
