import net from 'node:net';
import type { Bundle, DocumentReference } from 'fhir/r4.js';
import {
  buildA19Query,
  buildMdmNote,
  buildOruNote,
  createMllpClient,
  parseAck,
  parseAdrA19,
  parseHl7,
  type MllpClient,
} from '@cerner-kit/hl7-adapters';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import { handleHl7Message } from '../src/hl7/hl7-listener.js';
import { startMockCerner, type RunningMockCerner } from '../src/start-mock-cerner.js';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
let mock: RunningMockCerner;
let client: MllpClient;
let token: string;
const lines: { msg: string; fields?: Record<string, unknown> }[] = [];
const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
  info: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
  warn: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
  error: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
};
let seq = 0;
const id = (): string => `T${String(++seq).padStart(6, '0')}`;

beforeAll(async () => {
  mock = await startMockCerner({ port: 0, mllpPort: 0, now: () => NOW, logger });
  token = (await mock.mock.state.accessTokens.issue(mock.clients[0]!.clientId, [...ACTION_SCOPES]))
    .token;
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.mock.reset();
  client = createMllpClient({ host: '127.0.0.1', port: mock.mllpPort!, responseTimeoutMs: 5_000 });
});
afterEach(() => client.close());

async function fhirSearch(path: string): Promise<Bundle> {
  const res = await fetch(`${mock.fhirBaseUrl}/${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Bundle;
}

describe('startMockCerner({ mllpPort })', () => {
  it('listens on 127.0.0.1 and reports the port in describe()', () => {
    expect(mock.mllpPort).toBeGreaterThan(0);
    expect(mock.describe()).toMatchObject({ mllpPort: mock.mllpPort });
  });
  it('starts no listener without mllpPort, and close() releases the MLLP port', async () => {
    const plain = await startMockCerner({ port: 0 });
    expect(plain.mllpPort).toBeUndefined();
    expect(plain.describe()).not.toHaveProperty('mllpPort');
    await plain.close();
    const other = await startMockCerner({ port: 0, mllpPort: 0 });
    const port = other.mllpPort!;
    await other.close();
    await expect(
      new Promise((resolve, reject) =>
        net.connect({ host: '127.0.0.1', port }).once('connect', resolve).once('error', reject),
      ),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('QRY^A19', () => {
  it('answers ADR^A19 with the patient for a known MRN', async () => {
    const query = buildA19Query({
      mrn: '292392',
      sendingApplication: 'CAREAPP',
      sendingFacility: 'CAREFAC',
      receivingApplication: 'HNAM',
      receivingFacility: 'NORTHWIND',
      controlId: id(),
      version: '2.4',
    });
    const reply = parseHl7(await client.send(query.toString()));
    expect(reply.type).toBe('ADR^A19');
    expect(reply.get('MSH-9.3')).toBe('ADR_A19');
    expect(reply.get('MSH-3')).toBe('HNAM');
    expect(reply.get('MSH-4')).toBe('NORTHWIND');
    expect(reply.get('MSH-5')).toBe('CAREAPP');
    expect(reply.get('MSH-6')).toBe('CAREFAC');
    expect(reply.controlId).not.toBe(query.controlId);
    expect(reply.get('MSA-1')).toBe('AA');
    expect(reply.get('MSA-2')).toBe(query.controlId);
    expect(reply.get('QRD-4')).toBe(query.get('QRD-4'));
    expect(reply.get('QRD-8.1')).toBe('292392');
    expect(reply.get('QAK-2')).toBe('OK');
    const result = parseAdrA19(reply);
    expect(result.status).toBe('found');
    if (result.status !== 'found') return;
    expect(result.patients).toHaveLength(1);
    const p = result.patients[0]!;
    expect(p.identifier).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ system: 'urn:oid:2.16.840.1.113883.6.1000', value: '292392' }),
        expect.objectContaining({ value: SEED_IDS.patients.wilma }),
      ]),
    );
    expect(p.name?.[0]).toMatchObject({ family: 'TESTPATIENT', given: ['WILMA', 'ANN'] });
    expect(p.birthDate).toBe('1984-11-02');
    expect(p.gender).toBe('female');
  });

  it('reads the MRN from a CX-shaped or bare QRD-8, and from a v2.3 query', async () => {
    for (const whoFormat of ['cx', 'id'] as const) {
      const reply = await client.send(
        buildA19Query({ mrn: '6930', whoFormat, controlId: id() }).toString(),
      );
      const result = parseAdrA19(reply);
      expect(result.status).toBe('found');
      expect(parseHl7(reply).type).toBe('ADR^A19');
    }
  });

  it('answers not found with MSA AA + QAK NF by default', async () => {
    // QAK exists from v2.3.1 (hl7.md §1.3): a 2.4 query gets one, a 2.3 query (below) does not.
    const query = buildA19Query({ mrn: '0000000001', controlId: id(), version: '2.4' });
    const reply = parseHl7(await client.send(query.toString()));
    expect(reply.get('MSA-1')).toBe('AA');
    expect(reply.get('QAK-2')).toBe('NF');
    const v23 = buildA19Query({ mrn: '0000000001', controlId: id() });
    const reply23 = parseHl7(await client.send(v23.toString()));
    expect(reply23.segment('QAK')).toBeUndefined();
    expect(parseAdrA19(reply23).status).toBe('not_found');
    expect(reply.segmentsNamed('PID')).toHaveLength(0);
    expect(parseAdrA19(reply)).toMatchObject({ status: 'not_found', controlId: query.controlId });
  });

  it('answers not found with MSA AE + ERR 204 when configured', () => {
    const query = buildA19Query({ mrn: '0000000001', controlId: id(), version: '2.5' });
    const reply = parseHl7(
      handleHl7Message(mock.mock.state, query.toString(), { a19NotFound: 'ae-err-204' })!,
    );
    expect(reply.get('MSA-1')).toBe('AE');
    expect(reply.get('ERR-3.1')).toBe('204');
    expect(parseAdrA19(reply).status).toBe('not_found');
  });

  it('rejects a query without a patient key (AR)', async () => {
    const text = `MSH|^~\\&|CAREAPP||HNAM||20260102||QRY^A19|${id()}|P|2.3\rQRD|20260102|R|I|Q1|||1^RD||DEM\r`;
    const ack = parseAck(await client.send(text));
    expect(ack.code).toBe('AR');
  });
});

describe('ORU^R01 and MDM^T02 documents', () => {
  it('stores an ORU note as a DocumentReference, ACKs AA, and FHIR search finds it', async () => {
    const oru = buildOruNote({
      mrn: '6930',
      visitNumber: 'FIN97939518',
      text: 'Seen today.\nPlan: rest | fluids ^ & ~ \\ done.',
      title: 'Follow-up',
      date: '2026-01-01T10:00:00-05:00',
      controlId: id(),
    });
    const ack = parseAck(await client.send(oru.toString()));
    expect(ack).toMatchObject({ code: 'AA', ok: true, controlId: oru.controlId });

    const docs = mock.mock.state.store.documentsOf(SEED_IDS.patients.smartJoe);
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(doc).toMatchObject({
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
      subject: { reference: `Patient/${SEED_IDS.patients.smartJoe}` },
      context: {
        encounter: [{ reference: 'Encounter/97939518' }],
        period: { start: '2026-01-01T15:00:00.000Z', end: '2026-01-01T15:00:00.000Z' },
      },
    });
    expect(doc.content[0]!.attachment.contentType).toBe('text/plain;charset=utf-8');
    expect(doc.content[0]!.attachment.title).toBe('Follow-up');
    expect(Buffer.from(doc.content[0]!.attachment.data!, 'base64').toString('utf8')).toBe(
      'Seen today.\nPlan: rest | fluids ^ & ~ \\ done.',
    );

    const bundle = await fhirSearch(`DocumentReference?patient=${SEED_IDS.patients.smartJoe}`);
    expect(bundle.entry?.map((e) => e.resource?.id)).toEqual([doc.id]);
    const found = bundle.entry![0]!.resource as DocumentReference;
    expect(found.content[0]!.attachment.url).toMatch(/\/Binary\/TR-/);
  });

  it("omits the encounter when the visit number maps to none of the patient's encounters", async () => {
    const oru = buildOruNote({
      mrn: '292392',
      visitNumber: '97939518',
      text: 'x',
      controlId: id(),
    });
    expect(parseAck(await client.send(oru.toString())).code).toBe('AA');
    const doc = mock.mock.state.store.documentsOf(SEED_IDS.patients.wilma)[0]!;
    expect(doc.context?.encounter).toBeUndefined();
  });

  it('stores an ED file with its content type', async () => {
    const pdf = Buffer.from('%PDF-1.4 synthetic');
    const oru = buildOruNote({
      mrn: '292392',
      file: { data: pdf, contentType: 'application/pdf' },
      loincCode: '34117-2',
      loincDisplay: 'History and physical note',
      controlId: id(),
    });
    expect(parseAck(await client.send(oru.toString())).code).toBe('AA');
    const doc = mock.mock.state.store.documentsOf(SEED_IDS.patients.wilma)[0]!;
    expect(doc.type?.coding?.[0]).toMatchObject({ code: '34117-2' });
    expect(doc.content[0]!.attachment).toMatchObject({
      contentType: 'application/pdf',
      data: pdf.toString('base64'),
    });
  });

  it('stores an MDM^T02 note', async () => {
    const mdm = buildMdmNote({
      mrn: '292405',
      text: 'Discharge summary text.',
      loincCode: '18842-5',
      loincDisplay: 'Discharge summary',
      controlId: id(),
      version: '2.5',
    });
    const ack = parseAck(await client.send(mdm.toString()));
    expect(ack).toMatchObject({ code: 'AA', controlId: mdm.controlId });
    const doc = mock.mock.state.store.documentsOf(SEED_IDS.patients.nancy)[0]!;
    expect(doc.type?.coding?.[0]).toMatchObject({ code: '18842-5' });
    expect(Buffer.from(doc.content[0]!.attachment.data!, 'base64').toString('utf8')).toBe(
      'Discharge summary text.',
    );
  });

  it('answers a retransmitted document AA again without storing it twice; a reused MSH-10 is AR 205', async () => {
    const controlId = id();
    const oru = buildOruNote({ mrn: '6930', text: 'Sent twice.', controlId });
    expect(parseAck(await client.send(oru.toString())).code).toBe('AA');
    // the sender timed out and sends the same message again (a new MSH-7 is allowed)
    oru.set('MSH-7', '20991231235959+0000');
    expect(parseAck(await client.send(oru.toString()))).toMatchObject({ code: 'AA', controlId });
    expect(mock.mock.state.store.documentsOf(SEED_IDS.patients.smartJoe)).toHaveLength(1);

    const other = buildOruNote({ mrn: '6930', text: 'Different note.', controlId });
    const ack = parseAck(await client.send(other.toString()));
    expect(ack).toMatchObject({ code: 'AR', controlId });
    expect(ack.errors[0]).toMatchObject({ code: '205', location: 'MSH-10' });
    expect(mock.mock.state.store.documentsOf(SEED_IDS.patients.smartJoe)).toHaveLength(1);

    // after a reset the earlier delivery is forgotten: the same message is stored anew
    mock.mock.reset();
    expect(parseAck(await client.send(oru.toString())).code).toBe('AA');
    expect(mock.mock.state.store.documentsOf(SEED_IDS.patients.smartJoe)).toHaveLength(1);
  });

  // Changed with issue #10: text and file in one ORU used to be refused (AE 207); it is now one
  // document with both forms (see test/hl7-fidelity.test.ts). A refused file type still stores nothing.
  it('answers AE rather than storing part of a note: a file type Cerner refuses', async () => {
    const png = buildOruNote({
      mrn: '6930',
      file: { data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' },
      controlId: id(),
    });
    const a2 = parseAck(await client.send(png.toString()));
    expect(a2).toMatchObject({ code: 'AE', errors: [{ code: '103', location: 'OBX-5' }] });
    expect(a2.text).toMatch(/image\/png/);
    expect(mock.mock.state.store.documentsOf(SEED_IDS.patients.smartJoe)).toHaveLength(0);
  });

  it('stores a code set 72 type and the documented period from a createClinicalNote-shaped note', async () => {
    const oru = buildOruNote({
      patientId: SEED_IDS.patients.smartJoe,
      encounterId: '97939518',
      text: 'Admitted.',
      noteTypeCode: '2820507',
      noteTypeDisplay: 'Admission Note Physician',
      periodStart: '2026-01-01T08:30:00-06:00',
      periodEnd: '2026-01-01T09:15:00-06:00',
      docStatus: 'amended',
      controlId: id(),
    });
    expect(parseAck(await client.send(oru.toString())).code).toBe('AA');
    const doc = mock.mock.state.store.documentsOf(SEED_IDS.patients.smartJoe)[0]!;
    expect(doc).toMatchObject({
      docStatus: 'amended',
      type: {
        coding: [
          {
            system: `https://fhir.cerner.com/${mock.mock.state.tenantId}/codeSet/72`,
            code: '2820507',
            display: 'Admission Note Physician',
          },
        ],
      },
      context: {
        encounter: [{ reference: 'Encounter/97939518' }],
        period: { start: '2026-01-01T14:30:00.000Z', end: '2026-01-01T15:15:00.000Z' },
      },
    });
    expect(doc.type?.coding).toHaveLength(1);
  });

  it('answers AE with ERR 204 for an unknown patient, and stores nothing', async () => {
    const before = mock.mock.state.store.counts().DocumentReference ?? 0;
    const oru = buildOruNote({
      mrn: '0000000001',
      text: 'Nobody.',
      controlId: id(),
      version: '2.5',
    });
    const ack = parseAck(await client.send(oru.toString()));
    expect(ack.code).toBe('AE');
    expect(ack.controlId).toBe(oru.controlId);
    expect(ack.text).toBe('Unknown patient');
    expect(ack.errors[0]).toMatchObject({ code: '204', location: 'PID-3' });
    expect(mock.mock.state.store.counts().DocumentReference ?? 0).toBe(before);
  });

  it('answers in enhanced mode when MSH-15 asks for it: CA when stored, CA then AE for an unknown patient', async () => {
    const known = buildOruNote({ mrn: '6930', text: 'Enhanced.', controlId: id(), version: '2.5' });
    known.set('MSH-15', 'AL');
    known.set('MSH-16', 'NE');
    const ack = parseAck(await client.send(known.toString()));
    expect(ack).toMatchObject({ code: 'CA', ok: true, controlId: known.controlId });
    const unknown = buildOruNote({
      mrn: '0000000001',
      text: 'Nobody.',
      controlId: id(),
      version: '2.5',
    });
    unknown.set('MSH-15', 'AL');
    // Changed with issue #10: the commit ACK (CA) comes first, the application ACK (AE) follows
    // as its own message (hl7.md §1.7); it used to be one CE.
    expect(parseAck(await client.send(unknown.toString(), { returnAck: 'application' })).code).toBe(
      'AE',
    );
    const original = buildOruNote({ mrn: '6930', text: 'Original.', controlId: id() });
    expect(parseAck(await client.send(original.toString())).code).toBe('AA');
  });

  it('answers AE for a preliminary result', async () => {
    const oru = buildOruNote({ mrn: '6930', text: 'Draft.', status: 'P', controlId: id() });
    expect(parseAck(await client.send(oru.toString())).code).toBe('AE');
  });
});
