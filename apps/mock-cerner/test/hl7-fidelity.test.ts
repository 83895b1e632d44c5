// The HL7 listener's Cerner conventions (issue #10), each check citing the section of
// ../shared/reference/hl7.md it comes from. Fixtures are written here, in the shapes of Cerner's.
import net from 'node:net';
import type { Patient } from 'fhir/r4.js';
import {
  buildA19Query,
  buildOruNote,
  createMllpClient,
  MllpFrameDecoder,
  parseAck,
  parseAdrA19,
  parseHl7,
  type MllpClient,
} from '@cerner-kit/hl7-adapters';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import { startMockCerner, type RunningMockCerner } from '../src/start-mock-cerner.js';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
let mock: RunningMockCerner;
let client: MllpClient;
let seq = 0;
const id = (): string => `F${String(++seq).padStart(6, '0')}`;
const JOE = SEED_IDS.patients.smartJoe;
const JOE_MRN = SEED_IDS.mrns[JOE];

beforeAll(async () => {
  mock = await startMockCerner({ port: 0, mllpPort: 0, now: () => NOW });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.mock.reset();
  client = createMllpClient({ host: '127.0.0.1', port: mock.mllpPort!, responseTimeoutMs: 5_000 });
});
afterEach(() => client.close());

/** Sends raw frame bytes on a new connection and returns the payloads of `count` replies. */
async function rawExchange(payload: Buffer, count: number): Promise<Buffer[]> {
  const socket = net.connect({ host: '127.0.0.1', port: mock.mllpPort! });
  const decoder = new MllpFrameDecoder({ keepBytes: true });
  const out: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      for (const e of decoder.push(chunk)) if (e.type === 'payload') out.push(e.payload);
      if (out.length >= count) resolve();
    });
    socket.write(Buffer.concat([Buffer.from([0x0b]), payload, Buffer.from([0x1c, 0x0d])]));
  });
  socket.destroy();
  return out;
}

const documentsOfJoe = () => mock.mock.state.store.documentsOf(JOE);
const attachmentText = (data: string | undefined) =>
  Buffer.from(data ?? '', 'base64').toString('utf8');

describe('MSH-18 character sets in and out', () => {
  // hl7.md §1.1 (MSH-18: 8859/1, UNICODE UTF-8) and §2.8 (decode by the declared set)
  const oru = (charset: string, controlId: string, note: string) =>
    `MSH|^~\\&|CAREAPP||HNAM||20260102||ORU^R01|${controlId}|P|2.3||||||${charset}\r` +
    `PID|1||${JOE_MRN}^^^SANDBOX MRN^MRN\r` +
    'OBR|1||DOC1|11506-3^Progress note^LN|||20260102\r' +
    `OBX|1|TX|11506-3^Progress note^LN|1|${note}||||||F\r`;

  it('reads an 8859/1 message as ISO-8859-1 and answers in 8859/1', async () => {
    const controlId = id();
    const [reply] = await rawExchange(
      Buffer.from(oru('8859/1', controlId, 'Café crème, señor'), 'latin1'),
      1,
    );
    const ack = parseHl7(reply!.toString('latin1'));
    expect(ack.get('MSA-1')).toBe('AA');
    expect(ack.get('MSH-18')).toBe('8859/1');
    const doc = documentsOfJoe()[0]!;
    expect(attachmentText(doc.content[0]!.attachment.data)).toBe('Café crème, señor');
  });

  it('reads UNICODE UTF-8 as UTF-8 and answers in UTF-8', async () => {
    const [reply] = await rawExchange(
      Buffer.from(oru('UNICODE UTF-8', id(), 'Zoë – 東京'), 'utf8'),
      1,
    );
    expect(parseHl7(reply!.toString('utf8')).get('MSH-18')).toBe('UNICODE UTF-8');
    expect(attachmentText(documentsOfJoe()[0]!.content[0]!.attachment.data)).toBe('Zoë – 東京');
  });

  it('refuses bytes that are not valid in the declared set with AE (ERR 102 at MSH-18), storing nothing', async () => {
    const controlId = id();
    // ISO-8859-1 bytes under a UTF-8 declaration: decoding would invent U+FFFD
    const [reply] = await rawExchange(
      Buffer.from(oru('UNICODE UTF-8', controlId, 'Café'), 'latin1'),
      1,
    );
    const ack = parseAck(reply!.toString('utf8'));
    expect(ack).toMatchObject({
      code: 'AE',
      controlId,
      errors: [{ code: '102', location: 'MSH-18' }],
    });
    const [other] = await rawExchange(Buffer.from(oru('8859/15', id(), 'x'), 'latin1'), 1);
    expect(parseAck(other!.toString('latin1')).code).toBe('AE');
    expect(documentsOfJoe()).toHaveLength(0);
  });
});

describe('ADR^A19 replies look like a Cerner site’s', () => {
  it('alias pool names in CX.4, alias types in CX.5, display strings, PID-18 and PV1 with the FIN', async () => {
    // hl7.md §3: `999999999^^^RRL MRN^MRN`, PID-18 `…^RRL FIN^FIN NBR`, PID-8 `Male`, PV1-2 `Outpatient`
    const reply = parseHl7(
      await client.send(buildA19Query({ mrn: JOE_MRN, controlId: id() }).toString()),
    );
    const pid = reply.segment('PID')!;
    const mrn = pid.repetitions(3).find((r) => r.get(1) === JOE_MRN)!;
    expect(mrn.raw).toBe(`${JOE_MRN}^^^SANDBOX MRN^MRN`);
    expect(pid.get(8)).toBe('Male');
    // Joe's latest encounter (2022-07-07, inpatient) gives the FIN in PID-18 and PV1-19
    expect(pid.getRaw(18)).toBe('FIN97954262^^^SANDBOX FIN^FIN NBR');
    expect(reply.get('PV1-2')).toBe('Inpatient');
    expect(reply.segment('PV1')!.getRaw(19)).toBe('FIN97954262^^^SANDBOX FIN^FIN NBR');
    const parsed = parseAdrA19(reply);
    expect(parsed.status === 'found' && parsed.patients[0]).toMatchObject({
      gender: 'male',
      identifier: expect.arrayContaining([
        expect.objectContaining({ system: mock.mock.state.store.mrnSystem, value: JOE_MRN }),
      ]),
    });
  });

  it('structure per version: 2.3 has no QAK and MSH-9 ADR^A19; 2.4 has QAK and ADR^A19^ADR_A19', async () => {
    // hl7.md §1.1 (MSH-9: 2 components in 2.3, 3 from 2.3.1) and §1.3 (v2.3 lacks QAK)
    const r23 = parseHl7(
      await client.send(buildA19Query({ mrn: JOE_MRN, controlId: id() }).toString()),
    );
    expect(r23.segment('MSH')!.getRaw(9)).toBe('ADR^A19');
    expect(r23.segment('QAK')).toBeUndefined();
    const r24 = parseHl7(
      await client.send(
        buildA19Query({ mrn: JOE_MRN, controlId: id(), version: '2.4' }).toString(),
      ),
    );
    expect(r24.segment('MSH')!.getRaw(9)).toBe('ADR^A19^ADR_A19');
    expect(r24.get('QAK-2')).toBe('OK');
    expect(r24.get('MSH-12')).toBe('2.4');
  });

  it('no v2.5-only components in 2.3 / 2.4 replies (CX.7/8, XPN.12+, XAD.13+, XTN.13+)', async () => {
    // hl7.md §1.3 (CX.7/8 and XPN.12/13 are 2.5; XTN.13+ later)
    const withPeriods: Patient = {
      resourceType: 'Patient',
      id: 'P-PERIODS',
      identifier: [
        {
          system: mock.mock.state.store.mrnSystem,
          value: 'M-PERIODS',
          period: { start: '2020-01-01' },
        },
      ],
      name: [{ family: 'PERIOD', given: ['PAT'], period: { start: '2001-01-01' } }],
      address: [{ line: ['1 MAIN ST'], city: 'TOWN', period: { start: '2010-01-01' } }],
      telecom: [{ system: 'phone', value: '5550111', rank: 1, period: { start: '2015-01-01' } }],
    };
    mock.mock.state.store.loadMany([withPeriods]);
    for (const version of ['2.3', '2.4']) {
      const reply = parseHl7(
        await client.send(buildA19Query({ mrn: 'M-PERIODS', controlId: id(), version }).toString()),
      );
      const pid = reply.segment('PID')!;
      for (const cx of pid.repetitions(3)) expect(cx.get(7)).toBeUndefined();
      expect(pid.repetitions(5)[0]!.get(12)).toBeUndefined();
      expect(pid.repetitions(11)[0]!.get(13)).toBeUndefined();
      expect(pid.repetitions(13)[0]!.get(13)).toBeUndefined();
    }
    const v25 = parseHl7(
      await client.send(
        buildA19Query({ mrn: 'M-PERIODS', controlId: id(), version: '2.5' }).toString(),
      ),
    );
    expect(v25.segment('PID')!.repetitions(5)[0]!.get(12)).toBe('20010101');
  });

  it('QRD-7 caps the records; DSC carries the continuation and the same query with it gets the rest', async () => {
    // hl7.md §1.2 (QRD-7 quantity limited request, `1^RD`) and §1.3 (DSC marks a continuation)
    const twins = [1, 2, 3].map((n): Patient => ({
      resourceType: 'Patient',
      id: `TWIN${n}`,
      identifier: [{ system: mock.mock.state.store.mrnSystem, value: 'SHARED-MRN' }],
      name: [{ family: 'TWIN', given: [`N${n}`] }],
    }));
    mock.mock.state.store.loadMany(twins);
    const query = buildA19Query({ mrn: 'SHARED-MRN', controlId: id(), version: '2.4' });
    query.set('QRD-7.1', '2');
    const first = parseHl7(await client.send(query.toString()));
    expect(first.segmentsNamed('PID')).toHaveLength(2);
    const pointer = first.get('DSC-1')!;
    expect(pointer).toBeTruthy();
    const next = parseHl7(query.toString());
    next.set('MSH-10', id());
    next.set('DSC-1', pointer);
    const second = parseHl7(await client.send(next.toString()));
    expect(second.segmentsNamed('PID')).toHaveLength(1);
    expect(second.segment('DSC')).toBeUndefined();
    const given = [first, second].flatMap((m) => m.getAll('PID-5.2'));
    expect(given).toEqual(['N1', 'N2', 'N3']);
  });

  it('the ADR parser keeps every telecom the mock sends (phone and email)', async () => {
    // hl7.md §1.3 PID-13/14 (emails turn up in XTN.1 with ^NET, or in XTN.4)
    const parsed = parseAdrA19(
      await client.send(buildA19Query({ mrn: JOE_MRN, controlId: id() }).toString()),
    );
    const stored = mock.mock.state.store.get<Patient>('Patient', JOE)!;
    expect(parsed.status).toBe('found');
    if (parsed.status !== 'found') return;
    const values = (parsed.patients[0]!.telecom ?? []).map((t) => t.value).sort();
    expect(values).toEqual((stored.telecom ?? []).map((t) => t.value).sort());
    expect(values).toContain('joe.smart@example.org');
  });
});

describe('enhanced acknowledgement mode', () => {
  // hl7.md §1.1 (MSH-15/16: either set means enhanced mode) and §1.7 (CA first, then the
  // application answer as its own message)
  it('the commit ACK (CA) comes first, the application ACK (AA) follows as its own message', async () => {
    const oru = buildOruNote({ mrn: JOE_MRN, text: 'Enhanced.', controlId: id(), version: '2.5' });
    oru.set('MSH-15', 'AL');
    oru.set('MSH-16', 'AL');
    const replies = await rawExchange(Buffer.from(oru.toString(), 'utf8'), 2);
    const acks = replies.map((r) => parseAck(r.toString('utf8')));
    expect(acks.map((a) => [a.code, a.controlId])).toEqual([
      ['CA', oru.controlId],
      ['AA', oru.controlId],
    ]);
    expect(parseHl7(replies[0]!.toString()).controlId).not.toBe(
      parseHl7(replies[1]!.toString()).controlId,
    );
    expect(documentsOfJoe()).toHaveLength(1);
  });

  it('MSH-16 ER: no application ACK after a success; MSH-15 NE: no commit ACK', async () => {
    const ok = buildOruNote({ mrn: JOE_MRN, text: 'Quiet.', controlId: id(), version: '2.5' });
    ok.set('MSH-15', 'AL');
    ok.set('MSH-16', 'ER');
    expect(parseAck(await client.send(ok.toString())).code).toBe('CA');
    const appOnly = buildOruNote({ mrn: '0000000001', text: 'x', controlId: id(), version: '2.5' });
    appOnly.set('MSH-15', 'NE');
    appOnly.set('MSH-16', 'AL');
    expect(parseAck(await client.send(appOnly.toString())).code).toBe('AE');
  });
});

describe('documents', () => {
  it('an ORU with TX lines and the ED original (buildOruNote({ text, file })) is ONE document with both', async () => {
    // hl7.md §1.5 ("Many receivers want both forms: (a) for display and (c) as the original")
    const pdf = Buffer.from('%PDF-1.4 fidelity');
    const oru = buildOruNote({
      mrn: JOE_MRN,
      text: 'See the attached letter.\nSigned.',
      file: { data: pdf, contentType: 'application/pdf' },
      title: 'Letter',
      controlId: id(),
    });
    expect(parseAck(await client.send(oru.toString())).code).toBe('AA');
    const docs = documentsOfJoe();
    expect(docs).toHaveLength(1);
    expect(docs[0]!.content.map((c) => c.attachment.contentType)).toEqual([
      'application/pdf',
      'text/plain;charset=utf-8',
    ]);
    expect(Buffer.from(docs[0]!.content[0]!.attachment.data!, 'base64')).toEqual(pdf);
    expect(attachmentText(docs[0]!.content[1]!.attachment.data)).toBe(
      'See the attached letter.\nSigned.',
    );
    // a retransmission is still recognised (same document, nothing new)
    expect(parseAck(await client.send(oru.toString())).code).toBe('AA');
    expect(documentsOfJoe()).toHaveLength(1);
  });
});

describe('QBP^Q22 beside A19', () => {
  // hl7.md §1.4 (QBP^Q22 → RSP^K22, IHE PDQ: QPD-3 @PID.x.y pairs, RCP-2 limit, QAK, DSC)
  const qbp = (controlId: string, params: string, limit = '10') =>
    `MSH|^~\\&|CAREAPP||HNAM||20260102||QBP^Q22^QBP_Q21|${controlId}|P|2.5\r` +
    `QPD|IHE PDQ Query|TAG${controlId}|${params}\r` +
    `RCP|I|${limit}^RD\r`;

  it('answers RSP^K22 with QAK, the QPD echoed and a PID per candidate', async () => {
    const controlId = id();
    const reply = parseHl7(await client.send(qbp(controlId, `@PID.3.1^${JOE_MRN}~@PID.3.5^MR`)));
    expect(reply.segment('MSH')!.getRaw(9)).toBe('RSP^K22^RSP_K21');
    expect(reply.get('MSA-1')).toBe('AA');
    expect(reply.get('MSA-2')).toBe(controlId);
    expect(reply.segment('QAK')!.getRaw(1)).toBe(`TAG${controlId}`);
    expect(reply.get('QAK-2')).toBe('OK');
    expect(reply.get('QPD-1')).toBe('IHE PDQ Query');
    expect(reply.segmentsNamed('PID')).toHaveLength(1);
    expect(reply.segment('PV1')).toBeUndefined();
    expect(reply.get('PID-8')).toBe('Male');
  });

  it('searches by name and birth date, caps with RCP-2 and continues with DSC; unknown parameters get AE', async () => {
    const byName = parseHl7(await client.send(qbp(id(), '@PID.5.1^SMART~@PID.5.2^JOE')));
    expect(byName.get('QAK-2')).toBe('OK');
    expect(byName.getAll('PID-5.1')[0]).toBe('SMART');
    const none = parseHl7(await client.send(qbp(id(), '@PID.5.1^NOBODY-AT-ALL')));
    expect([none.get('MSA-1'), none.get('QAK-2')]).toEqual(['AA', 'NF']);
    const bad = parseHl7(await client.send(qbp(id(), '@PID.99^x')));
    expect([bad.get('MSA-1'), bad.get('QAK-2')]).toEqual(['AE', 'AE']);
    mock.mock.state.store.loadMany(
      [1, 2, 3].map((n): Patient => ({
        resourceType: 'Patient',
        id: `K22-${n}`,
        identifier: [{ system: mock.mock.state.store.mrnSystem, value: `K22MRN${n}` }],
        name: [{ family: 'PAGED', given: [`N${n}`] }],
      })),
    );
    const page1 = parseHl7(await client.send(qbp(id(), '@PID.5.1^PAGED', '2')));
    expect(page1.segmentsNamed('PID')).toHaveLength(2);
    expect([page1.get('QAK-4'), page1.get('QAK-5'), page1.get('QAK-6')]).toEqual(['3', '2', '1']);
    const again = parseHl7(qbp(id(), '@PID.5.1^PAGED', '2'));
    again.addSegment('DSC', page1.get('DSC-1')!, 'I');
    const page2 = parseHl7(await client.send(again.toString()));
    expect(page2.getAll('PID-5.2')).toEqual(['N3']);
  });
});
