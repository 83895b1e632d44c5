import net from 'node:net';
import type { Bundle } from 'fhir/r4.js';
import {
  buildA19Query,
  buildOruNote,
  createMllpClient,
  encodeMllpFrame,
  parseAck,
  parseAdrA19,
  parseHl7,
  type MllpClient,
} from '@cerner-kit/hl7-adapters';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTION_SCOPES } from '../src/config.js';
import { SEED_IDS } from '../src/fhir/seed/index.js';
import { SANDBOX_MRN_SYSTEM } from '../src/fhir/store.js';
import type { MllpLogEntry } from '../src/admin/request-log.js';
import { handleHl7Message } from '../src/hl7/hl7-listener.js';
import { startMockCerner, type RunningMockCerner } from '../src/start-mock-cerner.js';

let mock: RunningMockCerner;
let client: MllpClient;
let token: string;
let seq = 0;
const id = (): string => `F${String(++seq).padStart(6, '0')}`;
const joe = SEED_IDS.patients.smartJoe;

beforeAll(async () => {
  mock = await startMockCerner({ port: 0, mllpPort: 0 });
  token = (await mock.mock.state.accessTokens.issue(mock.clients[0]!.clientId, [...ACTION_SCOPES]))
    .token;
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.mock.reset();
  client = createMllpClient({ host: '127.0.0.1', port: mock.mllpPort!, responseTimeoutMs: 2_000 });
});
afterEach(() => client.close());

async function putFaults(rules: unknown[]): Promise<{ status: number; body: any }> {
  const res = await fetch(`${mock.adminUrl}/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  return { status: res.status, body: await res.json() };
}
async function liveFaults(): Promise<unknown[]> {
  return ((await (await fetch(`${mock.adminUrl}/faults`)).json()) as { rules: unknown[] }).rules;
}
async function mllpLog(): Promise<MllpLogEntry[]> {
  return (await (await fetch(`${mock.adminUrl}/requests?protocol=mllp`)).json()) as MllpLogEntry[];
}
async function documentsOfJoe(): Promise<string[]> {
  const res = await fetch(`${mock.fhirBaseUrl}/DocumentReference?patient=${joe}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as Bundle).entry?.map((e) => e.resource!.id!) ?? [];
}
/**
 * Opens the client's connection (with a query no fault rule is set for yet) and clears the log.
 * A timed send must start on an open connection: the client connects lazily and never writes a
 * send that timed out meanwhile, so on a loaded machine a 30-50 ms timer could fire before the
 * message left, and the test would then exercise something else than the fault it sets.
 */
async function connectFirst(): Promise<void> {
  await client.send(buildA19Query({ mrn: '292392', controlId: id() }).toString());
  expect(client.connected).toBe(true);
  mock.mock.state.requestLog.clear();
}
const oru = (controlId = id()): string =>
  buildOruNote({ mrn: '6930', text: 'Seen today.', controlId }).toString();

describe('MLLP faults: ack AE / AR', () => {
  it('answers AE with ERR 207 saying it was injected, stores nothing, and retires after times', async () => {
    const put = await putFaults([
      { protocol: 'mllp', messageType: 'ORU^R01', ack: 'AE', times: 1 },
    ]);
    expect(put).toEqual({
      status: 200,
      body: { rules: [{ protocol: 'mllp', messageType: 'ORU^R01', ack: 'AE', times: 1 }] },
    });
    const text = oru();
    const nak = parseAck(await client.send(text));
    expect(nak).toMatchObject({ code: 'AE', ok: false, controlId: parseHl7(text).controlId });
    expect(nak.text).toContain('injected fault');
    expect(nak.errors[0]?.code).toBe('207');
    expect(await documentsOfJoe()).toEqual([]);
    expect(await liveFaults()).toEqual([]);
    // the rule retired: the retransmission is stored
    expect(parseAck(await client.send(text)).code).toBe('AA');
    expect(await documentsOfJoe()).toHaveLength(1);
  });

  it('answers CE in enhanced mode (MSH-15 AL)', async () => {
    await putFaults([{ protocol: 'mllp', messageType: 'ORU', ack: 'AE' }]);
    const msg = parseHl7(oru());
    msg.set('MSH-15', 'AL');
    expect(parseAck(await client.send(msg.toString())).code).toBe('CE');
    expect(await documentsOfJoe()).toEqual([]);
  });

  it('answers a QRY^A19 AR as an ADR^A19; other message types are not touched', async () => {
    await putFaults([{ protocol: 'mllp', messageType: 'QRY^A19', ack: 'AR' }]);
    const query = buildA19Query({ mrn: '292392', controlId: id(), version: '2.5' });
    const reply = parseHl7(await client.send(query.toString()));
    expect(reply.type).toBe('ADR^A19');
    expect(reply.get('MSA-1')).toBe('AR');
    expect(reply.get('MSA-2')).toBe(query.controlId);
    expect(reply.get('ERR-3.1')).toBe('207');
    expect(parseAdrA19(reply)).toMatchObject({ status: 'error', ackCode: 'AR' });
    expect(parseAck(await client.send(oru())).code).toBe('AA');
  });

  it('applies to the listener only: the in-process handleHl7Message is the bare handler', async () => {
    await putFaults([{ protocol: 'mllp', ack: 'AR' }]);
    expect(parseAck(handleHl7Message(mock.mock.state, oru())!).code).toBe('AA');
    expect(await liveFaults()).toHaveLength(1);
  });
});

describe('MLLP faults: latency, drop, noReply', () => {
  it('latencyMs delays the reply; the document is stored at once', async () => {
    await putFaults([{ protocol: 'mllp', latencyMs: 60, times: 1 }]);
    const started = performance.now();
    const sent = client.send(oru());
    await vi.waitFor(() => expect(mock.mock.state.store.documentsOf(joe)).toHaveLength(1), {
      interval: 5,
    });
    expect(parseAck(await sent).code).toBe('AA');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    const [entry] = await mllpLog();
    expect(entry).toMatchObject({ ack: 'AA', fault: 'latency 60 ms' });
    expect(entry!.durationMs).toBeGreaterThanOrEqual(55);
  });

  it('drop closes the connection before storing; the client reconnects and the resend is stored once', async () => {
    await putFaults([{ protocol: 'mllp', messageType: 'ORU^R01', drop: true, times: 1 }]);
    const text = oru();
    await expect(client.send(text)).rejects.toMatchObject({ code: 'connection', retryable: true });
    expect(await documentsOfJoe()).toEqual([]);
    expect(parseAck(await client.send(text)).code).toBe('AA');
    expect(await documentsOfJoe()).toHaveLength(1);
    const log = await mllpLog();
    expect(log.map((e) => [e.ack, e.fault, e.duplicate])).toEqual([
      ['dropped', 'drop', undefined],
      ['AA', undefined, undefined],
    ]);
    expect(log[0]!.documentReferenceId).toBeUndefined();
    expect(log[0]!.connectionId).not.toBe(log[1]!.connectionId);
  });

  it('noReply keeps the connection open and never answers; later messages on it are answered', async () => {
    await connectFirst();
    await putFaults([{ protocol: 'mllp', noReply: true, times: 1 }]);
    const text = oru();
    await expect(client.send(text, { timeoutMs: 40 })).rejects.toMatchObject({
      code: 'timeout',
      retryable: true,
    });
    expect(client.connected).toBe(true);
    expect(await documentsOfJoe()).toEqual([]);
    expect(parseAck(await client.send(oru())).code).toBe('AA');
    const log = await mllpLog();
    expect(log.map((e) => [e.ack, e.fault])).toEqual([
      ['no reply', 'no reply'],
      ['AA', undefined],
    ]);
    expect(log[0]!.connectionId).toBe(log[1]!.connectionId);
  });

  it('a latency longer than the client timeout: the late AA answers the retransmission, one document', async () => {
    await connectFirst();
    await putFaults([{ protocol: 'mllp', messageType: 'ORU^R01', latencyMs: 80, times: 1 }]);
    const text = oru();
    await expect(client.send(text, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'timeout' });
    expect(parseAck(await client.send(text)).code).toBe('AA');
    await vi.waitFor(async () => expect(await mllpLog()).toHaveLength(2), { interval: 5 });
    expect(await documentsOfJoe()).toHaveLength(1);
    const [first, second] = await mllpLog();
    expect(second).toMatchObject({ duplicate: true, ack: 'AA' });
    expect(second!.documentReferenceId).toBe(first!.documentReferenceId);
  });
});

describe('ACK lost after the document was stored (the duplicate scenario)', () => {
  it('noReply + dropAfterStore: the client times out, retransmits the same MSH-10, gets AA, exactly one DocumentReference', async () => {
    await connectFirst();
    await putFaults([
      { protocol: 'mllp', messageType: 'ORU^R01', noReply: true, dropAfterStore: true, times: 1 },
    ]);
    const controlId = id();
    const text = oru(controlId);
    await expect(client.send(text, { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'timeout',
      retryable: true,
    });
    const ack = parseAck(await client.send(text));
    expect(ack).toMatchObject({ code: 'AA', ok: true, controlId });
    const docs = await documentsOfJoe();
    expect(docs).toHaveLength(1);
    const log = await mllpLog();
    expect(log).toEqual([
      expect.objectContaining({
        protocol: 'mllp',
        messageType: 'ORU^R01',
        controlId,
        ack: 'no reply',
        fault: 'no reply after store',
        documentReferenceId: docs[0],
      }),
      expect.objectContaining({
        controlId,
        ack: 'AA',
        duplicate: true,
        documentReferenceId: docs[0],
      }),
    ]);
    expect(log[1]!.fault).toBeUndefined();
  });

  it('drop + dropAfterStore: the connection drops, the client reconnects and retransmits, AA, one DocumentReference', async () => {
    await putFaults([{ protocol: 'mllp', drop: true, dropAfterStore: true, times: 1 }]);
    const text = oru();
    await expect(client.send(text)).rejects.toMatchObject({ code: 'connection' });
    expect(await documentsOfJoe()).toHaveLength(1);
    expect(parseAck(await client.send(text)).code).toBe('AA');
    const docs = await documentsOfJoe();
    expect(docs).toHaveLength(1);
    expect(
      (await mllpLog()).map((e) => [e.ack, e.fault, e.documentReferenceId, e.duplicate]),
    ).toEqual([
      ['dropped', 'drop after store', docs[0], undefined],
      ['AA', undefined, docs[0], true],
    ]);
  });
});

describe('MLLP and HTTP rules stay apart', () => {
  it('an HTTP rule never hits an MLLP message, an MLLP rule never an HTTP request; neither spends the other’s times', async () => {
    await putFaults([
      { path: '/**', status: 503, times: 1 },
      { protocol: 'mllp', ack: 'AR', times: 1 },
    ]);
    const fhir = await fetch(`${mock.fhirBaseUrl}/Patient/${joe}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
    });
    expect(fhir.status).toBe(503);
    expect(await liveFaults()).toEqual([{ protocol: 'mllp', ack: 'AR', times: 1 }]);
    await putFaults([
      { protocol: 'mllp', ack: 'AR', times: 1 },
      { path: '/**', drop: true, times: 1 },
    ]);
    expect(parseAck(await client.send(oru())).code).toBe('AR');
    expect(parseAck(await client.send(oru())).code).toBe('AA');
    expect(await liveFaults()).toEqual([{ path: '/**', drop: true, times: 1 }]);
  });

  it('refuses a bad MLLP rule with 400 naming the field, and keeps the old rules', async () => {
    await putFaults([{ protocol: 'mllp', ack: 'AE' }]);
    for (const [rule, field] of [
      [{ protocol: 'mllp', ack: 'AA' }, 'rules[0].ack'],
      [{ protocol: 'mllp', messageType: 'ORU/R01', drop: true }, 'rules[0].messageType'],
      [{ protocol: 'mllp', path: 'x', drop: true }, 'rules[0].path'],
      [{ messageType: 'ORU^R01', ack: 'AE' }, 'rules[0].protocol'],
      [{ protocol: 'mllp', dropAfterStore: true }, 'rules[0].dropAfterStore'],
    ] as const) {
      const res = await putFaults([rule]);
      expect(res.status).toBe(400);
      expect(res.body.error_description).toContain(field);
    }
    expect(await liveFaults()).toEqual([{ protocol: 'mllp', ack: 'AE' }]);
  });
});

describe('MLLP messages in the request log', () => {
  it('one entry per message beside the HTTP entries, with type, MSH-10, ACK, bytes; no patient data', async () => {
    const load = await fetch(`${mock.adminUrl}/load`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          {
            resource: {
              resourceType: 'Patient',
              id: 'phi1',
              active: true,
              identifier: [{ system: SANDBOX_MRN_SYSTEM, value: 'MRN77889911' }],
              name: [{ family: 'Quixotic', given: ['Zebulon'] }],
              birthDate: '1950-03-04',
              gender: 'male',
            },
          },
        ],
      }),
    });
    expect(load.status).toBe(200);
    await fetch(`${mock.adminUrl}/requests`, { method: 'DELETE' });
    const query = buildA19Query({ mrn: 'MRN77889911', controlId: id() });
    const adr = await client.send(query.toString());
    expect(adr).toContain('Quixotic');
    const note = buildOruNote({
      mrn: 'MRN77889911',
      text: 'Confidential narrative about the ankle.',
      title: 'Ortho consult',
      controlId: id(),
    }).toString();
    expect(parseAck(await client.send(note)).code).toBe('AA');
    await fetch(`${mock.fhirBaseUrl}/Patient/phi1`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
    });

    const all = (await (await fetch(`${mock.adminUrl}/requests`)).json()) as Record<
      string,
      unknown
    >[];
    expect(all.map((e) => e.protocol)).toEqual(['mllp', 'mllp', 'http']);
    expect(all[2]).toMatchObject({
      method: 'GET',
      path: `${mock.fhirBaseUrl.replace(mock.origin, '')}/Patient/phi1`,
      status: 200,
    });
    const [a19, stored] = all as unknown as MllpLogEntry[];
    expect(a19).toEqual({
      at: expect.any(String),
      protocol: 'mllp',
      messageType: 'QRY^A19',
      controlId: query.controlId,
      ack: 'AA',
      durationMs: expect.any(Number),
      bytes: Buffer.byteLength(query.toString()),
      replyBytes: Buffer.byteLength(adr),
      connectionId: expect.any(Number),
      // The reply's MSH and MSA only: the ADR's patient segments are never logged.
      ackText: expect.stringMatching(/^MSH\|[^\r]*\rMSA\|AA\|/),
    });
    expect(stored).toMatchObject({
      messageType: 'ORU^R01',
      ack: 'AA',
      documentReferenceId: expect.stringMatching(/^\d+$/),
    });
    const text = JSON.stringify(all).toUpperCase();
    for (const phi of [
      'MRN77889911',
      'QUIXOTIC',
      'ZEBULON',
      '1950',
      'CONFIDENTIAL',
      'ANKLE',
      'ORTHO',
    ]) {
      expect(text).not.toContain(phi);
    }
    // the mock's state API: list() stays HTTP-only, entries() has both
    expect(mock.mock.state.requestLog.list().map((e) => e.method)).toEqual(['GET']);
    expect(mock.mock.state.requestLog.entries()).toHaveLength(3);
    const http = (await (
      await fetch(`${mock.adminUrl}/requests?protocol=http`)
    ).json()) as unknown[];
    expect(http).toHaveLength(1);
    expect((await fetch(`${mock.adminUrl}/requests?protocol=ftp`)).status).toBe(400);
  });

  it('logs bytes dropped outside a frame, a frame that is not HL7, and an unparseable message with an MSH-10', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: mock.mllpPort! });
    await new Promise((resolve) => socket.once('connect', resolve));
    const broken = 'MSH|^~\\&|A||B||20260102||ORU^R01|BAD0001|P|2.3\rthis is not a segment\r';
    socket.write(
      Buffer.concat([
        Buffer.from('junk before any frame'),
        encodeMllpFrame('not hl7 at all'),
        encodeMllpFrame(broken),
      ]),
    );
    await vi.waitFor(async () => expect(await mllpLog()).toHaveLength(3), { interval: 5 });
    socket.destroy();
    const [junk, notHl7, unparsed] = await mllpLog();
    expect(junk).toMatchObject({
      messageType: '',
      ack: 'no reply',
      frameError: 'garbage',
      bytes: 21,
    });
    expect(notHl7).toMatchObject({ messageType: '', ack: 'no reply', bytes: 14 });
    expect(notHl7!.controlId).toBeUndefined();
    expect(unparsed).toMatchObject({ messageType: '', controlId: 'BAD0001', ack: 'AR' });
    expect(junk!.connectionId).toBe(unparsed!.connectionId);
  });
});
