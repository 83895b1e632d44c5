import { DEFAULT_MRN_SYSTEM } from '@cerner-kit/core';
import type { CernerClient } from '@cerner-kit/fhir-r4-actions';
import { SEED_IDS } from '@cerner-kit/mock-cerner';
import type { DemoStep } from './demo-steps.js';

/** The inputs the FHIR steps use (also printed, so a reader can repeat a step by hand). */
export const DEMO_INPUTS = {
  newPatient: {
    assigningOrganizationId: SEED_IDS.organization,
    family: 'Demo',
    given: ['Dana'],
    birthDate: '1985-03-14',
    gender: 'female',
    email: 'dana.demo@example.org',
  },
  seededPatientId: SEED_IDS.patients.manyEncounters,
  encounterId: SEED_IDS.encounters[0],
  appointmentId: SEED_IDS.appointment,
  notePatientId: SEED_IDS.patients.smartJoe,
  note: { title: 'Demo note', text: 'Demo progress note.\nPatient doing well.' },
} as const;

/**
 * The seven FHIR actions of the demo, in a realistic order, each explained in plain words.
 *
 * @param client - a client of the embedded mock
 * @param ctx - filled by the steps: the created patient's id and MRN
 * @returns the steps
 * @example
 * ```ts
 * const steps = fhirDemoSteps(client, {});
 * ```
 */
export function fhirDemoSteps(
  client: CernerClient,
  ctx: { createdId?: string; createdMrn?: string },
): DemoStep[] {
  const i = DEMO_INPUTS;
  return [
    {
      action: 'createPatient',
      kind: 'fhir',
      explain:
        "Creates a patient with FHIR (POST Patient). Cerner, not the caller, assigns the MRN (medical record number: the hospital's own number for a patient, unlike the FHIR id which only the API uses); the step reads the patient back to learn it. This first call is the slow one: the client first trades its client id and secret for an access token (SMART Backend Services; the token is then cached), and the mock loads the FHIR definitions it checks every write against.",
      run: async () => {
        const r = await client.createPatient({ ...i.newPatient, given: [...i.newPatient.given] });
        ctx.createdId = r.id;
        const p = await client.getPatient({ patientId: r.id });
        ctx.createdMrn = p.identifier?.find((x) => x.system === DEFAULT_MRN_SYSTEM)?.value ?? '';
        return `Patient/${r.id}, MRN ${ctx.createdMrn} assigned by the server`;
      },
    },
    {
      action: 'findPatientByMrn',
      kind: 'fhir',
      explain:
        "Looks a patient up by MRN (GET Patient?identifier=<MRN system>|<MRN>), as a system that only knows the hospital's number does; it finds the patient just created.",
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
      kind: 'fhir',
      explain: `Reads one patient by FHIR id (GET Patient/${i.seededPatientId}), a patient the sandbox ships with.`,
      run: async () => {
        const p = await client.getPatient({ patientId: i.seededPatientId });
        return `Patient/${p.id}, ${p.gender}, born ${p.birthDate?.slice(0, 4)}`;
      },
    },
    {
      action: 'getPatientEncounters',
      kind: 'fhir',
      explain:
        'Lists every encounter of that patient (an encounter is one contact with the hospital: a visit, a stay, an emergency). Cerner answers in pages; the action follows the "next" links to the last page.',
      run: async () => {
        const all = await client.getPatientEncounters({ patientId: i.seededPatientId });
        return `${all.length} encounters across every page`;
      },
    },
    {
      action: 'getEncounter',
      kind: 'fhir',
      explain:
        'Reads one encounter. Its status says where it stands (planned, in-progress, finished) and its encounter class what kind it is (IMP inpatient, AMB outpatient, EMER emergency).',
      run: async () => {
        const e = await client.getEncounter({ encounterId: i.encounterId });
        return `Encounter/${e.id}, status ${e.status}, class ${e.class.code}`;
      },
    },
    {
      action: 'getAppointment',
      kind: 'fhir',
      explain: 'Reads a scheduled appointment: who, when and its status (booked, cancelled…).',
      run: async () => {
        const a = await client.getAppointment({ appointmentId: i.appointmentId });
        return `Appointment/${a.id} ${a.status} ${a.start}`;
      },
    },
    {
      action: 'createClinicalNote',
      kind: 'fhir',
      explain:
        "Writes a clinical note for a patient's encounter (POST DocumentReference). Its type is a LOINC code, the standard code for kinds of clinical documents: 11506-3 is a progress note.",
      run: async () => {
        const r = await client.createClinicalNote({
          patientId: i.notePatientId,
          encounterId: i.encounterId,
          text: i.note.text,
          title: i.note.title,
        });
        return `DocumentReference/${r.id} (LOINC 11506-3 progress note)`;
      },
    },
  ];
}
