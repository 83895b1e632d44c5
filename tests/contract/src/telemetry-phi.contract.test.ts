import { exportedText, findLeaks, otelHarness, spanTree } from '@cerner-kit/otel-harness';
import { createCernerClient } from '@cerner-kit/fhir-r4-actions';
import { buildOruNote, createMllpClient, parseAck } from '@cerner-kit/hl7-adapters';
import { SEED_IDS, startMockCerner } from '@cerner-kit/mock-cerner';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import { describe, expect, it } from 'vitest';

// The PHI guard of issue #13: every action, an HL7 send answered AE and the error paths run with
// an SDK registered (in-memory exporter and metric reader), with distinctive patient data; none
// of it may appear in any exported span name, attribute, event, status or metric label.
// Mock-only: it drives the mock's faults.

const otel = otelHarness();

const PATIENT = {
  assigningOrganizationId: SEED_IDS.organization,
  family: 'Otelquixote',
  given: ['Zebulontrace'],
  birthDate: '1957-03-29',
  gender: 'female' as const,
  email: 'zebulon.trace@example.org',
  phone: '(816) 555-0193',
  ssn: '219-09-4411',
  address: { line: ['12 Spanless Lane'], city: 'Tracetown', state: 'MO', postalCode: '64119' },
};
const NOTE_TEXT = 'Patient describes otel-symptom-plugh after the trip.';

describe('telemetry carries no patient data [mock]', () => {
  it('every action, its error paths and HL7 sends (AA, AE) with an SDK registered', async () => {
    await otel.reset();
    const mock = await startMockCerner({ port: 0, mllpPort: 0 });
    const c = mock.clients[0]!;
    const auth = createBackendAuth({
      clientId: c.clientId,
      credentials: { clientSecret: c.clientSecret! },
      tokenUrl: mock.tokenUrl,
    });
    const client = createCernerClient({
      fhirBaseUrl: mock.fhirBaseUrl,
      auth,
      sleep: () => Promise.resolve(),
    });
    const mllp = createMllpClient({
      host: '127.0.0.1',
      port: mock.mllpPort!,
      responseTimeoutMs: 10_000,
    });
    const faults = (rules: unknown[]) =>
      fetch(`${mock.adminUrl}/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules }),
      });
    // Filled in by the run, read by the scan after it.
    const ids = { mrn: '', patientId: '' };
    try {
      const patientId = (ids.patientId = (await client.createPatient(PATIENT)).id);
      const created = await client.getPatient({ patientId });
      const mrn = (ids.mrn = created.identifier!.find(
        (i) => i.system === 'urn:oid:2.16.840.1.113883.6.1000',
      )!.value!);
      expect(await client.findPatientByMrn({ mrn })).toEqual({ id: patientId });
      await client.getPatientEncounters({ patientId: SEED_IDS.patients.manyEncounters });
      await client.getEncounter({ encounterId: SEED_IDS.encounters[0] });
      await client.getAppointment({ appointmentId: SEED_IDS.appointment });
      await client.createClinicalNote({
        patientId: SEED_IDS.patients.smartJoe,
        encounterId: SEED_IDS.encounters[0],
        text: NOTE_TEXT,
        title: 'Otel check',
      });

      // Error paths: not found, a retried 503, an in-doubt create, a refused create, bad input.
      await expect(client.getPatient({ patientId: '999999999' })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect(
        (await faults([{ method: 'GET', path: 'Patient/*', status: 503, retryAfter: 1, times: 1 }]))
          .status,
      ).toBe(200);
      await client.getPatient({ patientId });
      expect(
        (await faults([{ method: 'POST', path: 'Patient', status: 500, times: 1 }])).status,
      ).toBe(200);
      await expect(client.createPatient(PATIENT)).rejects.toMatchObject({ mayHaveSucceeded: true });
      await expect(
        client.createClinicalNote({
          patientId: '999999999',
          encounterId: SEED_IDS.encounters[0],
          text: NOTE_TEXT,
        }),
      ).rejects.toMatchObject({ status: 422 });
      await expect(
        client.createPatient({ ...PATIENT, birthDate: '29/03/1957' }),
      ).rejects.toMatchObject({
        field: 'birthDate',
      });

      // HL7: an ORU answered AA, then one answered AE.
      const oru = () => buildOruNote({ mrn, text: NOTE_TEXT, title: 'Otel ORU' }).toString();
      expect(parseAck(await mllp.send(oru())).code).toBe('AA');
      expect(
        (await faults([{ protocol: 'mllp', messageType: 'ORU^R01', ack: 'AE', times: 1 }])).status,
      ).toBe(200);
      expect(parseAck(await mllp.send(oru())).code).toBe('AE');

      // traceparent (on by default for the loopback mock): the mock's request log names the
      // trace of the exact request a span made.
      const appointment = otel.spans().find((s) => s.name === 'GET /r4/{tenant}/Appointment/{id}')!;
      expect(appointment.attributes['cerner.trace_context.propagated']).toBe(true);
      const log = (await (await fetch(`${mock.adminUrl}/requests`)).json()) as {
        traceId?: string;
      }[];
      expect(log.filter((e) => e.traceId === appointment.spanContext().traceId)).toHaveLength(1);
    } finally {
      await mllp.close();
      await mock.close();
    }

    const spans = otel.spans();
    const names = spans.map((s) => s.name);
    // Every action left its span, with an HTTP span under it.
    for (const key of [
      'createPatient',
      'getPatient',
      'findPatientByMrn',
      'getPatientEncounters',
      'getEncounter',
      'getAppointment',
      'createClinicalNote',
    ]) {
      expect(names, key).toContain(`cerner.action ${key}`);
    }
    expect(names).toContain('GET /r4/{tenant}/Patient/{id}');
    expect(names).toContain('POST /r4/{tenant}/DocumentReference');
    expect(names).toContain('cerner.token');
    const sends = spans.filter((s) => s.name.startsWith('hl7 send'));
    expect(sends.map((s) => s.attributes['hl7.ack_code'])).toEqual(['AA', 'AE']);
    const retried = spanTree(spans).find(
      (n) => n.name === 'cerner.action getPatient' && n.events.includes('retry'),
    );
    expect(retried?.children.filter((c) => c.name.startsWith('GET')).length).toBe(2);
    const inDoubt = spans.filter((s) => s.attributes['cerner.fhir.in_doubt'] === true);
    expect(inDoubt.map((s) => s.name)).toEqual(['cerner.action createPatient']);

    const text = exportedText(spans, await otel.metrics());
    expect(text.length).toBeGreaterThan(100);
    const phi = [
      PATIENT.family,
      PATIENT.given[0]!,
      PATIENT.birthDate,
      PATIENT.birthDate.replaceAll('-', ''), // HL7's form
      PATIENT.email,
      PATIENT.phone,
      '555-0193',
      PATIENT.ssn,
      PATIENT.ssn.replaceAll('-', ''),
      PATIENT.address.line[0]!,
      PATIENT.address.city,
      'otel-symptom-plugh',
      ids.mrn,
      ids.patientId,
      SEED_IDS.patients.manyEncounters,
      SEED_IDS.encounters[0],
    ];
    // findLeaks names the needle's index only: a failure must not print the data again.
    expect(findLeaks(text, phi).map((l) => phi.indexOf(l.needle))).toEqual([]);
  });
});
