import {
  prepareAction,
  type CreateClinicalNoteInput,
  type CreatePatientInput,
} from '@cerner-kit/fhir-r4-actions';
import {
  buildMdmNote,
  buildOruNote,
  Hl7Error,
  type ClinicalNoteInput,
} from '@cerner-kit/hl7-adapters';

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
  | { kind: 'createPatient'; input: CreatePatientInput; identifierValue: string }
  | { kind: 'createClinicalNote'; input: CreateClinicalNoteInput }
  | { kind: 'hl7'; messageType: string; text: string; controlId: string };

/**
 * Freezes a `createPatient` input with `prepareAction` (validated like the action, typed error
 * naming the field), plus an identifier `{ system: DELIVERY_IDENTIFIER_SYSTEM, value: deliveryId }`
 * by which an in-doubt create is found again.
 *
 * @param input - the action's input
 * @param deliveryId - the delivery's id (the identifier value)
 * @param now - epoch ms
 * @returns the frozen payload
 * @throws FhirActionError `invalid_input` naming the field
 * @internal
 */
export function freezePatient(
  input: CreatePatientInput,
  deliveryId: string,
  now: number,
): FrozenPayload {
  const own = {
    system: DELIVERY_IDENTIFIER_SYSTEM,
    value: deliveryId,
    type: { code: 'RI', display: 'Resource identifier', text: 'cerner-kit delivery id' },
  };
  const withId =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? {
          ...input,
          identifiers: [...(Array.isArray(input.identifiers) ? input.identifiers : []), own],
        }
      : input;
  const prepared = prepareAction('createPatient', withId, { now: () => now });
  return { kind: 'createPatient', input: prepared.input, identifierValue: deliveryId };
}

/**
 * Freezes a `createClinicalNote` input with `prepareAction`: validated like the action, with
 * `periodEnd` (default now) and `periodStart` (default periodEnd) resolved, so every resend
 * builds the same body.
 *
 * @param input - the action's input
 * @param now - epoch ms
 * @returns the frozen payload
 * @throws FhirActionError `invalid_input` naming the field
 * @internal
 */
export function freezeNote(input: CreateClinicalNoteInput, now: number): FrozenPayload {
  const prepared = prepareAction('createClinicalNote', input, { now: () => now });
  return { kind: 'createClinicalNote', input: prepared.input };
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
    message === 'MDM^T02'
      ? buildMdmNote({ ...note, now: clock })
      : buildOruNote({ ...note, now: clock });
  const controlId = msg.get('MSH-10') ?? '';
  return { kind: 'hl7', messageType: message, text: msg.toString(), controlId };
}
