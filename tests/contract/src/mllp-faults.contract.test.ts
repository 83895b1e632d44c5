import type { Bundle, DocumentReference } from 'fhir/r4.js';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import {
  ALL_ACTION_SCOPES,
  createCernerClient,
  type CernerClient,
} from '@cerner-kit/fhir-r4-actions';
import {
  buildA19Query,
  buildOruNote,
  createMllpClient,
  parseAck,
  parseAdrA19,
  type MllpClient,
} from '@cerner-kit/hl7-adapters';
import {
  SEED_IDS,
  startMockCerner,
  type AnyRequestLogEntry,
  type RunningMockCerner,
} from '@cerner-kit/mock-cerner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Fault injection is a mock feature: there is no live variant of this suite.
let mock: RunningMockCerner;
let mllp: MllpClient;
let client: CernerClient;

beforeAll(async () => {
  mock = await startMockCerner({ port: 0, mllpPort: 0 });
  const c = mock.clients[0]!;
  client = createCernerClient({
    fhirBaseUrl: mock.fhirBaseUrl,
    auth: createBackendAuth({
      clientId: c.clientId,
      credentials: { clientSecret: c.clientSecret! },
      tokenUrl: mock.tokenUrl,
    }),
    scopes: [...ALL_ACTION_SCOPES, 'system/DocumentReference.read'],
    sleep: () => Promise.resolve(),
  });
  mllp = createMllpClient({ host: '127.0.0.1', port: mock.mllpPort!, responseTimeoutMs: 5_000 });
});
afterAll(async () => {
  await mllp?.close();
  await mock?.close();
});

describe('one fault list and one request log across FHIR and MLLP [mock]', () => {
  it('an ORU whose ACK is lost after the store is retransmitted (AA, one DocumentReference) and a 503 on the FHIR search is retried; the log shows both', async () => {
    // Open the MLLP connection first: the client connects lazily and never writes a send that
    // timed out meanwhile, so on a loaded machine the 50 ms timer below could otherwise fire
    // before the ORU left, and the lost-ACK scenario would not happen at all.
    expect(
      parseAdrA19(await mllp.send(buildA19Query({ mrn: SEED_IDS.mrns['13115400'] }).toString())),
    ).toMatchObject({ status: 'found' });
    await fetch(`${mock.adminUrl}/requests`, { method: 'DELETE' });
    const put = await fetch(`${mock.adminUrl}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rules: [
          { method: 'GET', path: 'DocumentReference', status: 503, retryAfter: 0, times: 1 },
          {
            protocol: 'mllp',
            messageType: 'ORU^R01',
            noReply: true,
            dropAfterStore: true,
            times: 1,
          },
        ],
      }),
    });
    expect(put.status).toBe(200);

    const patientId = SEED_IDS.patients.smartJoe;
    const title = 'Contract lost-ACK note';
    const oru = buildOruNote({ mrn: SEED_IDS.mrns['12724066'], text: 'Sent twice.', title });
    await expect(mllp.send(oru.toString(), { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'timeout',
      retryable: true,
    });
    expect(parseAck(await mllp.send(oru.toString()))).toMatchObject({
      code: 'AA',
      controlId: oru.controlId,
    });

    const res = await client.request({
      method: 'GET',
      path: `DocumentReference?patient=${patientId}`,
      requiredScopes: ['system/DocumentReference.read'],
    });
    const docs = ((res.body as Bundle).entry ?? [])
      .map((e) => e.resource as DocumentReference)
      .filter((d) => d.content[0]?.attachment.title === title);
    expect(docs).toHaveLength(1);

    const log = (await (await fetch(`${mock.adminUrl}/requests`)).json()) as (AnyRequestLogEntry & {
      protocol: string;
    })[];
    const hl7 = log.filter((e) => e.protocol === 'mllp');
    expect(hl7).toEqual([
      expect.objectContaining({
        messageType: 'ORU^R01',
        controlId: oru.controlId,
        ack: 'no reply',
        fault: 'no reply after store',
        documentReferenceId: docs[0]!.id,
      }),
      expect.objectContaining({
        controlId: oru.controlId,
        ack: 'AA',
        duplicate: true,
        documentReferenceId: docs[0]!.id,
      }),
    ]);
    const searches = log.filter(
      (e) => e.protocol === 'http' && 'path' in e && e.path.includes('/DocumentReference?'),
    );
    expect(searches.map((e) => ('status' in e ? [e.status, e.fault] : []))).toEqual([
      [503, 'status 503'],
      [200, undefined],
    ]);
    expect(JSON.stringify(log)).not.toContain('Sent twice.');
  });
});
