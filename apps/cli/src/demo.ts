import { createBackendAuth } from '@cerner-kit/smart-auth';
import { createCernerClient } from '@cerner-kit/fhir-r4-actions';
import { SEED_IDS, startMockCerner } from '@cerner-kit/mock-cerner';
import { runDemoSteps, type DemoStep } from './demo-steps.js';
import { HL7_DEMO_SCOPES, hl7DemoSteps } from './hl7/demo-hl7-steps.js';

/**
 * `pnpm demo`: starts the mock on a free port and runs the seven actions in a realistic order,
 * printing action, result and time; then HL7 over MLLP: an A19 query for the created patient, an
 * ORU note, and that note found as a DocumentReference through FHIR. Exits 0 only if every step
 * succeeds.
 */
async function main(): Promise<number> {
  const mock = await startMockCerner({ port: 0, mllpPort: 0 });
  const c = mock.clients[0]!;
  const auth = createBackendAuth({
    clientId: c.clientId,
    credentials: { clientSecret: c.clientSecret! },
    fhirBaseUrl: mock.fhirBaseUrl,
  });
  const client = createCernerClient({ fhirBaseUrl: mock.fhirBaseUrl, auth });
  process.stdout.write(`mock Cerner sandbox at ${mock.fhirBaseUrl}\n\n`);
  const ctx: Record<string, string> = {};
  const steps: DemoStep[] = [
    {
      action: 'createPatient',
      run: async () => {
        const r = await client.createPatient({
          assigningOrganizationId: SEED_IDS.organization,
          family: 'Demo',
          given: ['Dana'],
          birthDate: '1985-03-14',
          gender: 'female',
          email: 'dana.demo@example.org',
        });
        ctx.createdId = r.id;
        const p = await client.getPatient({ patientId: r.id });
        ctx.createdMrn =
          p.identifier?.find((i) => i.system === 'urn:oid:2.16.840.1.113883.6.1000')?.value ?? '';
        return `Patient/${r.id} (MRN assigned by the server)`;
      },
    },
    {
      action: 'findPatientByMrn',
      run: async () => {
        const r = await client.findPatientByMrn({ mrn: ctx.createdMrn! });
        if (!r || r.id !== ctx.createdId) {
          throw new Error('the created patient was not found by its MRN');
        }
        return `Patient/${r.id}`;
      },
    },
    {
      action: 'getPatient',
      run: async () => {
        const p = await client.getPatient({ patientId: SEED_IDS.patients.manyEncounters });
        return `Patient/${p.id}, ${p.gender}, born ${p.birthDate?.slice(0, 4)}`;
      },
    },
    {
      action: 'getPatientEncounters',
      run: async () => {
        const all = await client.getPatientEncounters({
          patientId: SEED_IDS.patients.manyEncounters,
        });
        ctx.encounterId = SEED_IDS.encounters[0];
        return `${all.length} encounters across every page`;
      },
    },
    {
      action: 'getEncounter',
      run: async () => {
        const e = await client.getEncounter({ encounterId: ctx.encounterId! });
        return `Encounter/${e.id} ${e.status} ${e.class.code}`;
      },
    },
    {
      action: 'getAppointment',
      run: async () => {
        const a = await client.getAppointment({ appointmentId: SEED_IDS.appointment });
        return `Appointment/${a.id} ${a.status} ${a.start}`;
      },
    },
    {
      action: 'createClinicalNote',
      run: async () => {
        const r = await client.createClinicalNote({
          patientId: SEED_IDS.patients.smartJoe,
          encounterId: ctx.encounterId!,
          text: 'Demo progress note.\nPatient doing well.',
          title: 'Demo note',
        });
        return `DocumentReference/${r.id}`;
      },
    },
  ];
  const hl7 = hl7DemoSteps({
    mllpPort: mock.mllpPort!,
    client: createCernerClient({ fhirBaseUrl: mock.fhirBaseUrl, auth, scopes: HL7_DEMO_SCOPES }),
    patient: () =>
      ctx.createdId && ctx.createdMrn
        ? { id: ctx.createdId, mrn: ctx.createdMrn }
        : { id: SEED_IDS.patients.wilma, mrn: SEED_IDS.mrns['13115400'] },
  });
  steps.push(...hl7.steps);
  const ok = await runDemoSteps(steps, process.stdout);
  await hl7.close();
  await mock.close();
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
