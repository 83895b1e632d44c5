import type { Bundle, DocumentReference, Patient } from 'fhir/r4.js';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import {
  ALL_ACTION_SCOPES,
  createCernerClient,
  type CernerClient,
  type CreateClinicalNoteInput,
} from '@cerner-kit/fhir-r4-actions';
import {
  buildA19Query,
  buildOruNote,
  createMllpClient,
  parseAck,
  parseAdrA19,
  V2_0203_SYSTEM,
  type MllpClient,
} from '@cerner-kit/hl7-adapters';
import { SEED_IDS, startMockCerner, type RunningMockCerner } from '@cerner-kit/mock-cerner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// HL7 over MLLP is a mock-only contract: Cerner's sandbox exposes no MLLP endpoint, so there is
// no live variant of this suite.
const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.6.1000';
let mock: RunningMockCerner;
let mllp: MllpClient;
let client: CernerClient;

beforeAll(async () => {
  mock = await startMockCerner({ port: 0, mllpPort: 0 });
  const c = mock.clients[0]!;
  const auth = createBackendAuth({
    clientId: c.clientId,
    credentials: { clientSecret: c.clientSecret! },
    tokenUrl: mock.tokenUrl,
  });
  client = createCernerClient({
    fhirBaseUrl: mock.fhirBaseUrl,
    auth,
    scopes: [...ALL_ACTION_SCOPES, 'system/DocumentReference.read'],
  });
  mllp = createMllpClient({ host: '127.0.0.1', port: mock.mllpPort!, responseTimeoutMs: 10_000 });
});
afterAll(async () => {
  await mllp?.close();
  await mock?.close();
});

describe('HL7 over MLLP against the mock [mock]', () => {
  it('A19 for MRN 292392 against the running mock returns the same patient as the FHIR findPatientByMrn', async () => {
    const mrn = SEED_IDS.mrns['13115400'];
    const viaFhir = await client.findPatientByMrn({ mrn });
    expect(viaFhir).not.toBeNull();
    const fhirPatient = await client.getPatient({ patientId: viaFhir!.id });

    // v2.5.1: the reply carries only what its version defines (issue #10), and name periods
    // (XPN.12/13) exist from v2.5 on.
    const query = buildA19Query({
      mrn,
      sendingApplication: 'CONTRACT',
      receivingApplication: 'HNAM',
      version: '2.5.1',
    });
    const result = parseAdrA19(await mllp.send(query.toString()));
    expect(result).toMatchObject({ status: 'found', controlId: query.controlId });
    if (result.status !== 'found') return;
    expect(result.patients).toHaveLength(1);
    const hl7Patient: Patient = result.patients[0]!;

    const personId = hl7Patient.identifier?.find((i) =>
      i.type?.coding?.some((c) => c.system === V2_0203_SYSTEM && c.code === 'PI'),
    )?.value;
    expect(personId).toBe(viaFhir!.id);
    const mrnOf = (p: Patient) => p.identifier?.find((i) => i.system === MRN_SYSTEM)?.value;
    expect(mrnOf(hl7Patient)).toBe(mrnOf(fhirPatient));
    expect(hl7Patient.name?.[0]?.family).toBe(fhirPatient.name?.[0]?.family);
    expect(hl7Patient.name?.[0]?.given).toEqual(fhirPatient.name?.[0]?.given);
    expect(hl7Patient.birthDate).toBe(fhirPatient.birthDate);
    expect(hl7Patient.gender).toBe(fhirPatient.gender);
    // Every demographic PID carries is the same on both paths (see the hl7-adapters README's
    // mapping table for what PID cannot carry: text, extensions, meta…).
    // Instants compare as instants: HL7 writes a UTC offset as +0000, which reads back as +00:00.
    const instant = (t: string | undefined) => (t === undefined ? t : new Date(t).toISOString());
    const demographics = (p: Patient) => ({
      names: p.name?.map((n) => ({
        use: n.use,
        family: n.family,
        given: n.given,
        period: n.period && { start: instant(n.period.start), end: instant(n.period.end) },
      })),
      addresses: p.address?.map((a) => ({
        use: a.use,
        line: a.line,
        city: a.city,
        state: a.state,
        postalCode: a.postalCode,
        country: a.country,
      })),
      telecom: p.telecom?.map((t) => ({ system: t.system, value: t.value, use: t.use })),
      maritalStatus: p.maritalStatus?.coding?.map((c) => c.code),
      deceased: p.deceasedBoolean ?? p.deceasedDateTime,
    });
    expect(demographics(hl7Patient)).toEqual(demographics(fhirPatient));
    // …and the comparison is not between two empty lists.
    const seeded = demographics(fhirPatient);
    expect(seeded.names?.length).toBeGreaterThan(0);
    expect(seeded.addresses?.length).toBeGreaterThan(0);
    expect(seeded.telecom?.length).toBeGreaterThan(0);
  });

  it('one createClinicalNote input, sent over FHIR and as an ORU over MLLP, gives the same DocumentReference', async () => {
    const input: CreateClinicalNoteInput = {
      patientId: SEED_IDS.patients.smartJoe,
      encounterId: SEED_IDS.encounters[0]!,
      text: 'Same note, two routes.',
      title: 'Contract twin note',
      noteTypeCode: '2820507',
      noteTypeDisplay: 'Admission Note Physician',
      periodStart: '2026-01-01T08:30:00-06:00',
      periodEnd: '2026-01-01T09:15:00-06:00',
      docStatus: 'amended',
    };
    const viaFhir = await client.createClinicalNote(input);
    const oru = buildOruNote(input);
    expect(parseAck(await mllp.send(oru.toString()))).toMatchObject({ code: 'AA' });

    const docs = mock.mock.state.store.documentsOf(input.patientId);
    const fhirDoc = docs.find((d) => d.id === viaFhir.id)!;
    const hl7Doc = docs.find(
      (d) => d.id !== viaFhir.id && d.content[0]?.attachment.title === input.title,
    )!;
    expect(hl7Doc).toBeDefined();
    const comparable = (d: DocumentReference) => ({
      docStatus: d.docStatus,
      type: d.type,
      subject: d.subject,
      encounter: d.context?.encounter,
      period: d.context?.period,
      contentType: d.content[0]?.attachment.contentType,
      data: d.content[0]?.attachment.data,
      title: d.content[0]?.attachment.title,
    });
    expect(comparable(hl7Doc)).toEqual(comparable(fhirDoc));
  });

  it('an ORU note sent over MLLP is then found with FHIR search', async () => {
    const patientId = SEED_IDS.patients.smartJoe;
    const title = 'Contract ORU note';
    const oru = buildOruNote({
      mrn: SEED_IDS.mrns['12724066'],
      visitNumber: SEED_IDS.encounters[0],
      text: 'Synthetic note over MLLP.\nSecond line.',
      title,
    });
    const ack = parseAck(await mllp.send(oru.toString()));
    expect(ack).toMatchObject({ code: 'AA', controlId: oru.controlId });

    const res = await client.request({
      method: 'GET',
      path: `DocumentReference?patient=${patientId}`,
      requiredScopes: ['system/DocumentReference.read'],
    });
    const docs = ((res.body as Bundle).entry ?? []).map((e) => e.resource as DocumentReference);
    const doc = docs.find((d) => d.content[0]?.attachment.title === title);
    expect(doc).toBeDefined();
    expect(doc).toMatchObject({
      status: 'current',
      docStatus: 'final',
      subject: { reference: `Patient/${patientId}` },
      type: { coding: [expect.objectContaining({ system: 'http://loinc.org', code: '11506-3' })] },
      context: { encounter: [{ reference: `Encounter/${SEED_IDS.encounters[0]}` }] },
    });
    const stored = mock.mock.state.store.get<DocumentReference>('DocumentReference', doc!.id!);
    expect(Buffer.from(stored!.content[0]!.attachment.data!, 'base64').toString('utf8')).toBe(
      'Synthetic note over MLLP.\nSecond line.',
    );
  });
});
