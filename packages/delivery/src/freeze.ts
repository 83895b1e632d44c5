import {
  buildDocumentReference,
  buildPatient,
  createClinicalNoteInput,
  createPatientInput,
  FhirActionError,
  type CreateClinicalNoteInput,
  type CreatePatientInput,
} from '@cerner-kit/fhir-r4-actions';
import { buildMdmNote, buildOruNote, Hl7Error, type ClinicalNoteInput } from '@cerner-kit/hl7-adapters';
import type { Patient } from 'fhir/r4.js';
import type { z } from 'zod';

/** The identifier system a delivered Patient carries so an in-doubt create can be found again. */
export const DELIVERY_IDENTIFIER_SYSTEM = 'urn:cerner-kit:delivery';

/**
 * An HL7 note send: the input of `buildOruNote` / `buildMdmNote` plus which message to build.
 *
 * @example
 * ```ts
 * const input: Hl7NoteInput = { message: 'ORU^R01', mrn: '7654321', text: 'Seen today.' };
 * ```
 */
export type Hl7NoteInput = Omit<ClinicalNoteInput, 'now' | 'idGenerator'> & {
  /** `ORU^R01` (default) or `MDM^T02`. */
  message?: 'ORU^R01' | 'MDM^T02';
};

/** @internal What a queued delivery carries: everything needed to send it, frozen at enqueue. */
export type FrozenPayload =
  | { kind: 'createPatient'; body: Patient; identifierValue: string }
  | { kind: 'createClinicalNote'; input: CreateClinicalNoteInput }
  | { kind: 'hl7'; messageType: string; text: string; controlId: string };

function pathOf(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('') || 'input'
  );
}

/**
 * Validates like the action does and throws the action's typed error (`FhirActionError`
 * `invalid_input` naming the field, never echoing the value).
 */
function validate<S extends z.ZodType>(schema: S, input: unknown, action: string): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FhirActionError('invalid_input', `${action}: input: expected an object`, {
      field: 'input',
    });
  }
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  let field = pathOf(issue?.path ?? []);
  if (issue?.code === 'unrecognized_keys') field = pathOf([...issue.path, issue.keys[0] ?? '']);
  const message =
    issue?.code === 'unrecognized_keys'
      ? 'unknown field: refused rather than silently dropped'
      : (issue?.message ?? 'invalid');
  throw new FhirActionError('invalid_input', `${action}: ${field}: ${message}`, { field });
}

/**
 * Freezes a `createPatient` input: validated like the action, built into the exact Patient body,
 * plus an identifier `{ system: DELIVERY_IDENTIFIER_SYSTEM, value: deliveryId }` by which an
 * in-doubt create is found again.
 *
 * @param input - the action's input
 * @param deliveryId - the delivery's id (the identifier value)
 * @returns the frozen payload
 * @throws FhirActionError `invalid_input` naming the field
 * @internal
 */
export function freezePatient(input: CreatePatientInput, deliveryId: string): FrozenPayload {
  const parsed = validate(createPatientInput, input, 'createPatient');
  const body = buildPatient(parsed);
  body.identifier = [
    ...(body.identifier ?? []),
    {
      type: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
            code: 'RI',
            display: 'Resource identifier',
          },
        ],
        text: 'cerner-kit delivery id',
      },
      system: DELIVERY_IDENTIFIER_SYSTEM,
      value: deliveryId,
    },
  ];
  return { kind: 'createPatient', body, identifierValue: deliveryId };
}

/**
 * Freezes a `createClinicalNote` input: validated like the action, with `periodEnd` (default
 * now) and `periodStart` (default periodEnd) resolved, so every resend builds the same body.
 *
 * @param input - the action's input
 * @param now - epoch ms
 * @param tenantId - the client's tenant (code set 72 types need it)
 * @returns the frozen payload
 * @throws FhirActionError `invalid_input` naming the field
 * @internal
 */
export function freezeNote(
  input: CreateClinicalNoteInput,
  now: number,
  tenantId: string,
): FrozenPayload {
  const parsed = validate(createClinicalNoteInput, input, 'createClinicalNote');
  const doc = buildDocumentReference(parsed, now, tenantId); // period and type checks
  const frozen: CreateClinicalNoteInput = {
    ...input,
    periodStart: doc.context!.period!.start!,
    periodEnd: doc.context!.period!.end!,
  };
  return { kind: 'createClinicalNote', input: frozen };
}

/**
 * Freezes an HL7 note: the message is built now (MSH-7, MSH-10, the document id and every
 * clock default resolved) and kept as text, so a resend is byte for byte the same message.
 *
 * @param input - the builder's input and the message type
 * @param now - epoch ms
 * @returns the frozen payload
 * @throws Hl7Error `invalid_input` naming the field
 * @internal
 */
export function freezeHl7(input: Hl7NoteInput, now: number): FrozenPayload {
  const { message = 'ORU^R01', ...note } = input;
  if (message !== 'ORU^R01' && message !== 'MDM^T02') {
    throw new Hl7Error('invalid_input', 'message: must be ORU^R01 or MDM^T02', {
      inputField: 'message',
    });
  }
  const clock = (): number => now;
  const msg =
    message === 'MDM^T02' ? buildMdmNote({ ...note, now: clock }) : buildOruNote({ ...note, now: clock });
  const controlId = msg.get('MSH-10') ?? '';
  return { kind: 'hl7', messageType: message, text: msg.toString(), controlId };
}
