import type { DocumentReference } from 'fhir/r4.js';
import { z } from 'zod';
import {
  codeSet72System,
  DEFAULT_NOTE_LOINC,
  LOINC_SYSTEM,
  NOTE_CONTENT_TYPES,
} from '../cerner/constants.js';
import { FhirActionError } from '../errors.js';
import { defineAction } from './define-action.js';
import { createResource } from './create-resource.js';
import { cernerText, fhirId, isoDateTime } from './schemas.js';

/**
 * Longest note text accepted (characters). Cerner documents no limit; this guards memory.
 *
 * @example
 * ```ts
 * if (text.length > MAX_NOTE_TEXT_LENGTH) splitIntoSeveralNotes(text);
 * ```
 */
export const MAX_NOTE_TEXT_LENGTH = 5_000_000;

/**
 * Input schema of `createClinicalNote`.
 *
 * @example
 * ```ts
 * createClinicalNoteInput.parse({ patientId: '12724066', encounterId: '97939518', text: 'Doing well.' });
 * ```
 */
export const createClinicalNoteInput = z.strictObject({
  patientId: fhirId('The Patient the note is about'),
  encounterId: fhirId('The Encounter the note belongs to (Cerner allows one)'),
  text: z
    .string()
    .max(MAX_NOTE_TEXT_LENGTH, `must be at most ${MAX_NOTE_TEXT_LENGTH} characters`)
    .refine((t) => t.trim() !== '', { error: 'must not be empty' })
    .describe('The note: plain text, or XHTML when contentType is text/html'),
  contentType: z
    .enum(NOTE_CONTENT_TYPES)
    .optional()
    .describe('text/plain (default) or text/html; sent with ;charset=utf-8'),
  title: cernerText('Document title', 255).optional(),
  loincCode: z
    .string()
    .trim()
    .regex(/^\d{1,7}-\d$/, 'expected a LOINC code such as 11506-3')
    .optional()
    .describe('LOINC document type (default 11506-3 Progress note)'),
  loincDisplay: cernerText('Display text of the LOINC type', 255).optional(),
  noteTypeCode: z
    .string()
    .trim()
    .regex(/^\d{1,18}$/, 'expected a Cerner code set 72 code such as 2820507')
    .optional()
    .describe(
      'Cerner code set 72 document type, instead of a LOINC code (Cerner takes one or the other)',
    ),
  noteTypeDisplay: cernerText('Display text of the code set 72 type', 255).optional(),
  authorId: fhirId('Practitioner id of the author (optional for system access)').optional(),
  periodStart: isoDateTime('Start of the documented period (default: periodEnd)').optional(),
  periodEnd: isoDateTime('End of the documented period (default: now)').optional(),
  creation: isoDateTime('When the document was written (attachment.creation)').optional(),
  docStatus: z.enum(['final', 'amended']).optional().describe('final (default) or amended'),
});
/**
 * Input of `createClinicalNote`.
 *
 * @example
 * ```ts
 * const input: CreateClinicalNoteInput = { patientId: '12724066', encounterId: '97939518', text: '<p>Seen</p>', contentType: 'text/html' };
 * ```
 */
export type CreateClinicalNoteInput = z.input<typeof createClinicalNoteInput>;

const iso = (s: string): string => new Date(s).toISOString();

/**
 * Refuses a note type Cerner would refuse: a code set 72 code together with a LOINC code or
 * display, or a code set 72 display without its code. Runs before any request.
 *
 * @param input - validated input
 * @param tenantId - the client's tenant (the code set 72 system needs it); undefined: not checked
 * @throws {@link FhirActionError} `invalid_input` naming `noteTypeCode` or `noteTypeDisplay`
 * @example
 * ```ts
 * checkNoteType({ patientId: '1', encounterId: '2', text: 'x', noteTypeCode: '2820507' }); // ok
 * ```
 * @internal
 */
export function checkNoteType(
  input: z.output<typeof createClinicalNoteInput>,
  tenantId?: string,
): void {
  const fail = (field: string, message: string): never => {
    throw new FhirActionError('invalid_input', `createClinicalNote: ${field}: ${message}`, {
      field,
    });
  };
  if (
    input.noteTypeCode !== undefined &&
    (input.loincCode !== undefined || input.loincDisplay !== undefined)
  ) {
    fail(
      'noteTypeCode',
      'give a code set 72 type or a LOINC type, not both (Cerner refuses mixed codings)',
    );
  }
  if (input.noteTypeDisplay !== undefined && input.noteTypeCode === undefined) {
    fail('noteTypeDisplay', 'needs noteTypeCode');
  }
  if (input.noteTypeCode !== undefined && tenantId === '') {
    fail('noteTypeCode', 'the tenant id is unknown (give tenantId to createCernerClient)');
  }
}

/**
 * The note's `context.period`: `end` defaults to now, `start` to `end`; both ISO with
 * milliseconds and `Z`. Runs before any request (the period depends on the clock, so it cannot
 * live in the schema).
 *
 * @param input - validated input
 * @param now - the current time, epoch ms
 * @returns start and end
 * @throws {@link FhirActionError} `invalid_input` (field `periodStart`) when start is after end
 * @example
 * ```ts
 * notePeriod({ patientId: '1', encounterId: '2', text: 'x' }, Date.now()); // { start: now, end: now }
 * ```
 * @internal
 */
export function notePeriod(
  input: z.output<typeof createClinicalNoteInput>,
  now: number,
): { start: string; end: string } {
  const end = input.periodEnd !== undefined ? iso(input.periodEnd) : new Date(now).toISOString();
  const start = input.periodStart !== undefined ? iso(input.periodStart) : end;
  if (Date.parse(start) > Date.parse(end)) {
    throw new FhirActionError(
      'invalid_input',
      `createClinicalNote: periodStart: must not be after periodEnd (${input.periodEnd !== undefined ? 'given' : 'default: now'})`,
      {
        field: 'periodStart',
      },
    );
  }
  return { start, end };
}

/**
 * The DocumentReference Cerner accepts for a clinical note (fhir.cerner.com, DocumentReference
 * create): `status: current`, `docStatus: final`, a LOINC type (default 11506-3 Progress note)
 * or one code set 72 coding (`noteTypeCode`, never both),
 * the patient, exactly one attachment with the text as base64 UTF-8 and an explicit
 * `;charset=utf-8`, one encounter, and a period whose `end` (required) and `start` carry a time
 * and a timezone (default both now, ISO with milliseconds and `Z`).
 *
 * @param input - validated `createClinicalNote` input
 * @param now - the current time, epoch ms
 * @param tenantId - the tenant, for the code set 72 system URL (needed with `noteTypeCode`)
 * @returns the DocumentReference to POST
 * @throws {@link FhirActionError} `invalid_input` when periodStart is after periodEnd
 * @example
 * ```ts
 * buildDocumentReference({ patientId: '12724066', encounterId: '97939518', text: 'Doing well.' }, Date.now());
 * ```
 */
export function buildDocumentReference(
  input: z.output<typeof createClinicalNoteInput>,
  now: number,
  tenantId = '',
): DocumentReference {
  checkNoteType(input, tenantId);
  const { start, end } = notePeriod(input, now);
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: input.docStatus ?? 'final',
    type: noteType(input, tenantId),
    subject: { reference: `Patient/${input.patientId}` },
    ...(input.authorId !== undefined
      ? { author: [{ reference: `Practitioner/${input.authorId}` }] }
      : {}),
    content: [
      {
        attachment: {
          contentType: `${input.contentType ?? 'text/plain'};charset=utf-8`,
          data: Buffer.from(input.text, 'utf8').toString('base64'),
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.creation !== undefined ? { creation: iso(input.creation) } : {}),
        },
      },
    ],
    context: {
      encounter: [{ reference: `Encounter/${input.encounterId}` }],
      period: { start, end },
    },
  };
}

/** The `type`: one code set 72 coding when `noteTypeCode` is given, else one LOINC coding. */
function noteType(
  input: z.output<typeof createClinicalNoteInput>,
  tenantId: string,
): DocumentReference['type'] {
  if (input.noteTypeCode !== undefined) {
    const display = input.noteTypeDisplay;
    return {
      coding: [
        {
          system: codeSet72System(tenantId),
          code: input.noteTypeCode,
          ...(display !== undefined ? { display } : {}),
          userSelected: true,
        },
      ],
      ...(display !== undefined ? { text: display } : {}),
    };
  }
  const code = input.loincCode ?? DEFAULT_NOTE_LOINC.code;
  const display =
    input.loincDisplay ??
    (code === DEFAULT_NOTE_LOINC.code ? DEFAULT_NOTE_LOINC.display : undefined);
  return {
    coding: [{ system: LOINC_SYSTEM, code, ...(display !== undefined ? { display } : {}) }],
    ...(display !== undefined ? { text: display } : {}),
  };
}

type NoteInput = z.output<typeof createClinicalNoteInput>;

/**
 * Fixes what depends on the clock: `periodEnd` (default now) and `periodStart` (default
 * `periodEnd`) become explicit ISO instants, so a prepared note sends the same body later.
 * Refuses a mixed note type and a start after the end.
 */
function resolveNote(input: NoteInput, now: number): NoteInput {
  checkNoteType(input);
  const { start, end } = notePeriod(input, now);
  return { ...input, periodStart: start, periodEnd: end };
}

/**
 * createClinicalNote: `POST DocumentReference` with {@link buildDocumentReference}'s body;
 * `{ id }` from `Location`. Fails with `unprocessable` when Cerner refuses it;
 * `mayHaveSucceeded` on failures where the create may have happened.
 *
 * @example
 * ```ts
 * await actions.createClinicalNote.run(client, { patientId: '12724066', encounterId: '97939518', text: 'Doing well.' });
 * ```
 */
export const createClinicalNoteAction = defineAction({
  key: 'createClinicalNote',
  title: 'Create clinical note',
  description:
    'Creates a DocumentReference holding the note text (POST DocumentReference) in the shape Cerner accepts. Returns { id } from Location.',
  requiredScopes: ['system/DocumentReference.write'],
  requiredScopesV2: ['system/DocumentReference.c'],
  input: createClinicalNoteInput,
  resolve: resolveNote,
  check: (input, ctx) => checkNoteType(input, ctx.tenantId),
  run: (ctx, input) =>
    createResource(ctx.http, buildDocumentReference(input, ctx.now(), ctx.tenantId), ctx.signal),
});
