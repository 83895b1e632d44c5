import { format } from 'node:util';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import { ALL_ACTION_SCOPES, createCernerClient } from '@cerner-kit/fhir-r4-actions';
import {
  buildA19Query,
  buildOruNote,
  createMllpClient,
  parseAck,
  parseAdrA19,
} from '@cerner-kit/hl7-adapters';
import { SEED_IDS, startMockCerner } from '@cerner-kit/mock-cerner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Every log line of every component (mock, auth, client, MLLP client) and everything written to
// stdout/stderr, across all seven actions, their error paths and the HL7 round trips, must be
// free of credentials, tokens and patient data. Mock-only: it needs the mock's loggers.

/** Collects every call of every level as one JSON line. */
function capture(lines: string[], who: string) {
  const record =
    (level: string) =>
    (...args: unknown[]): void =>
      void lines.push(
        `${who} ${level} ${JSON.stringify(args, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v))}`,
      );
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

// Values a leak would show: the patient we create, the seeded patient we read, the note text.
const NEW_PATIENT = {
  assigningOrganizationId: SEED_IDS.organization,
  family: 'Quixotelastname',
  given: ['Zebulonfirst'],
  birthDate: '1961-07-23',
  gender: 'male' as const,
  email: 'zebulon.q@example.org',
  phone: '(816) 555-0147',
  ssn: '219-09-9999',
  address: {
    line: ['77 Hiddenvalley Road'],
    city: 'Leakcheckville',
    state: 'MO',
    postalCode: '64118',
    country: 'US',
  },
};
const NOTE_TEXT = 'Patient reports confidential-symptom-xyzzy since Tuesday.';
const SEEDED = [
  'Testpatient',
  'Wilma',
  '1984-11-02',
  '555-0102',
  'Frequent',
  'Flyer',
  '1958-02-11',
];

let lines: string[];
let written: string[];

beforeEach(() => {
  lines = [];
  written = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      written.push(String(chunk));
      return original(chunk as string, ...rest);
    }) as typeof stream.write);
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation(
      (...args: unknown[]) => void written.push(format(...args)),
    );
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('no secret, token or patient data in any log line or output [mock]', () => {
  it('across the seven actions, their error paths and the HL7 round trips', async () => {
    const mock = await startMockCerner({ port: 0, mllpPort: 0, logger: capture(lines, 'mock') });
    const c = mock.clients[0]!;
    const auth = createBackendAuth({
      clientId: c.clientId,
      credentials: { clientSecret: c.clientSecret! },
      tokenUrl: mock.tokenUrl,
      logger: capture(lines, 'auth'),
    });
    const client = createCernerClient({
      fhirBaseUrl: mock.fhirBaseUrl,
      auth,
      logger: capture(lines, 'client'),
      sleep: () => Promise.resolve(),
    });
    const mllp = createMllpClient({
      host: '127.0.0.1',
      port: mock.mllpPort!,
      responseTimeoutMs: 10_000,
      logger: capture(lines, 'mllp'),
    });
    try {
      const { id } = await client.createPatient(NEW_PATIENT);
      const created = await client.getPatient({ patientId: id });
      const mrn = created.identifier?.find(
        (i) => i.system === 'urn:oid:2.16.840.1.113883.6.1000',
      )?.value;
      expect(await client.findPatientByMrn({ mrn: mrn! })).toEqual({ id });
      await client.getPatient({ patientId: SEED_IDS.patients.wilma });
      expect(
        (await client.getPatientEncounters({ patientId: SEED_IDS.patients.manyEncounters })).length,
      ).toBe(SEED_IDS.manyEncountersCount);
      await client.getEncounter({ encounterId: SEED_IDS.encounters[0] });
      await client.getAppointment({ appointmentId: SEED_IDS.appointment });
      await client.createClinicalNote({
        patientId: SEED_IDS.patients.smartJoe,
        encounterId: SEED_IDS.encounters[0],
        text: NOTE_TEXT,
        title: 'Leak check',
      });

      // Error paths: not found, a retried 503, a refused create, invalid input, a token refusal.
      await expect(client.getPatient({ patientId: '999999999' })).rejects.toMatchObject({
        code: 'not_found',
      });
      mock.mock.state.faults.set([
        { method: 'GET', path: 'Patient/*', status: 503, retryAfter: 1, times: 1 },
      ]);
      await client.getPatient({ patientId: SEED_IDS.patients.wilma });
      await expect(
        client.createPatient({ ...NEW_PATIENT, birthDate: '23/07/1961' }),
      ).rejects.toMatchObject({ field: 'birthDate' });
      await expect(
        client.createClinicalNote({
          patientId: '999999999',
          encounterId: SEED_IDS.encounters[0],
          text: NOTE_TEXT,
        }),
      ).rejects.toMatchObject({ status: 422 });
      const wrong = createBackendAuth({
        clientId: c.clientId,
        credentials: { clientSecret: 'not-the-secret-1234' },
        tokenUrl: mock.tokenUrl,
        logger: capture(lines, 'auth'),
      });
      await expect(wrong.getToken(ALL_ACTION_SCOPES)).rejects.toMatchObject({
        code: 'invalid_client',
      });

      // HL7: an A19 for a seeded patient and an ORU note.
      const a19 = parseAdrA19(
        await mllp.send(buildA19Query({ mrn: SEED_IDS.mrns['13115400'] }).toString()),
      );
      expect(a19.status).toBe('found');
      const ack = parseAck(
        await mllp.send(
          buildOruNote({ mrn: mrn!, text: NOTE_TEXT, title: 'Leak check ORU' }).toString(),
        ),
      );
      expect(ack.code).toBe('AA');
      const token = (await auth.getToken(ALL_ACTION_SCOPES)).accessToken;

      expect(lines.length).toBeGreaterThan(10); // the loggers did log
      const everything = [...lines, ...written].join('\n');
      // HL7 carries names upper-cased (PID-5 TESTPATIENT^WILMA): compare the names, dates and
      // addresses case-insensitively; secrets and tokens are compared as they are.
      const folded = everything.toLowerCase();
      const secrets = [
        c.clientSecret!,
        'not-the-secret-1234',
        Buffer.from(`${c.clientId}:${c.clientSecret!}`).toString('base64'),
        token,
        token.split('.')[2]!,
        Buffer.from(NOTE_TEXT).toString('base64').slice(0, 24),
      ];
      const patientData = [
        NEW_PATIENT.family,
        NEW_PATIENT.given[0]!,
        NEW_PATIENT.birthDate,
        NEW_PATIENT.email,
        NEW_PATIENT.phone,
        NEW_PATIENT.ssn,
        NEW_PATIENT.address.line[0]!,
        NEW_PATIENT.address.city,
        'confidential-symptom-xyzzy',
        mrn!,
        SEED_IDS.mrns['13115400'],
        ...SEEDED,
      ];
      // includes() rather than toContain(): a failure must not print the leaked text again.
      for (const [i, value] of secrets.entries()) {
        expect(everything.includes(value), `secret #${i} appears in the output`).toBe(false);
      }
      for (const [i, value] of patientData.entries()) {
        expect(
          folded.includes(value.toLowerCase()),
          `patient value #${i} appears in the output (in any case)`,
        ).toBe(false);
      }
    } finally {
      await mllp.close();
      await mock.close();
    }
  });
});
