import type { Bundle, DocumentReference } from 'fhir/r4.js';
import {
  buildA19Query,
  buildOruNote,
  createMllpClient,
  parseAck,
  parseAdrA19,
  V2_0203_SYSTEM,
} from '@cerner-kit/hl7-adapters';
import { ALL_ACTION_SCOPES, type CernerClient } from '@cerner-kit/fhir-r4-actions';
import type { DemoStep } from '../demo-steps.js';

/** What the HL7 demo rows need. */
export interface Hl7DemoContext {
  /** The mock's MLLP port (on 127.0.0.1). */
  mllpPort: number;
  /** A FHIR client whose token may read DocumentReference (see {@link HL7_DEMO_SCOPES}). */
  client: CernerClient;
  /** The patient the rows use: its FHIR id and MRN, read when the rows run. */
  patient: () => { id: string; mrn: string };
}

/** The FHIR scopes the demo's client requests: the seven actions' plus DocumentReference read. */
export const HL7_DEMO_SCOPES: readonly string[] = Object.freeze([
  ...ALL_ACTION_SCOPES,
  'system/DocumentReference.read',
]);

/**
 * The HL7 rows of `pnpm demo`: an A19 query over MLLP for the patient's MRN (the ADR's patient
 * must carry the same FHIR id, typed PI), an ORU^R01 note over MLLP (ACK AA), and the FHIR search
 * `DocumentReference?patient=` that finds the note. `close()` closes the MLLP connection.
 *
 * @param ctx - MLLP port, FHIR client, the patient
 * @returns the steps and a close function
 * @example
 * ```ts
 * const hl7 = hl7DemoSteps({ mllpPort: mock.mllpPort!, client, patient: () => ({ id, mrn }) });
 * await runDemoSteps([...fhirSteps, ...hl7.steps], process.stdout);
 * await hl7.close();
 * ```
 */
export function hl7DemoSteps(ctx: Hl7DemoContext): {
  steps: DemoStep[];
  close: () => Promise<void>;
} {
  const mllp = createMllpClient({
    host: '127.0.0.1',
    port: ctx.mllpPort,
    responseTimeoutMs: 10_000,
  });
  let noteTitle = '';
  const steps: DemoStep[] = [
    {
      action: 'hl7 QRY^A19 (MLLP)',
      kind: 'hl7',
      explain:
        "HL7 v2 is the older message format most hospital interfaces still speak. A QRY^A19 message asks for a patient's demographics by MRN and the answer is an ADR^A19; both travel over MLLP (HL7's framing of messages on a plain TCP connection). The patient it finds is the one created with FHIR in step 1: the same record through another door.",
      run: async () => {
        const { id, mrn } = ctx.patient();
        const result = parseAdrA19(
          await mllp.send(
            buildA19Query({
              mrn,
              sendingApplication: 'CERNER-KIT',
              receivingApplication: 'HNAM',
            }).toString(),
          ),
        );
        if (result.status !== 'found') throw new Error(`ADR^A19 said ${result.status}`);
        const p = result.patients[0]!;
        const pi = p.identifier?.find((i) =>
          i.type?.coding?.some((c) => c.system === V2_0203_SYSTEM && c.code === 'PI'),
        )?.value;
        if (pi !== id) throw new Error('the ADR^A19 patient is not the one created over FHIR');
        return `ADR^A19 AA: Patient/${pi}, ${p.gender}, born ${p.birthDate?.slice(0, 4)}`;
      },
    },
    {
      action: 'hl7 ORU^R01 note (MLLP)',
      kind: 'hl7',
      explain:
        'Sends a note as an ORU^R01 message (an observation result; the note text goes in OBX lines) over MLLP. The receiver answers with an ACK whose code AA means accepted.',
      run: async () => {
        const { mrn } = ctx.patient();
        noteTitle = `HL7 demo note ${Date.now()}`;
        const oru = buildOruNote({
          mrn,
          text: 'Demo note sent over MLLP.\nPatient doing well.',
          title: noteTitle,
          sendingApplication: 'CERNER-KIT',
          receivingApplication: 'HNAM',
        });
        const ack = parseAck(await mllp.send(oru.toString()));
        if (ack.code !== 'AA') throw new Error(`ACK ${ack.code}${ack.text ? `: ${ack.text}` : ''}`);
        return `ACK AA for ${ack.controlId}`;
      },
    },
    {
      action: 'hl7 note as DocumentReference (FHIR)',
      kind: 'hl7',
      explain:
        'Reads the note sent over HL7 back through FHIR (GET DocumentReference?patient=): a document that arrived as HL7 is visible to FHIR clients too.',
      run: async () => {
        const { id } = ctx.patient();
        const res = await ctx.client.request({
          method: 'GET',
          path: `DocumentReference?patient=${encodeURIComponent(id)}`,
          requiredScopes: ['system/DocumentReference.read'],
        });
        const docs = ((res.body as Bundle | undefined)?.entry ?? []).map(
          (e) => e.resource as DocumentReference,
        );
        const doc = docs.find((d) => d.content?.some((c) => c.attachment.title === noteTitle));
        if (!doc) throw new Error('the ORU note was not found with DocumentReference?patient=');
        return `DocumentReference/${doc.id} (${doc.type?.coding?.[0]?.code}, ${doc.docStatus})`;
      },
    },
  ];
  return { steps, close: () => mllp.close() };
}
