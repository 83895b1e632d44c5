import { z } from 'zod';
import { CERNER_LIMITS, FHIR_ID } from '../cerner/constants.js';

/**
 * Shared zod building blocks of the action input schemas. Messages never repeat the value (it
 * may be patient data); the field path is added by `validateInput`.
 */

/**
 * A FHIR logical id (`[A-Za-z0-9\-.]{1,64}`), as used in `{type}/{id}`.
 *
 * @param description - field description for CLIs
 * @returns the schema
 * @example
 * ```ts
 * z.strictObject({ patientId: fhirId('Patient id') });
 * ```
 */
export const fhirId = (description: string): z.ZodString =>
  z
    .string()
    .regex(FHIR_ID, 'expected a FHIR id: 1-64 letters, digits, "-" or "."')
    .describe(description);

/**
 * A non-blank string of at most `max` characters (Cerner's create limits).
 *
 * @param description - field description
 * @param max - longest accepted length (default 100)
 * @returns the schema; surrounding whitespace is trimmed
 * @example
 * ```ts
 * cernerText('Family name');
 * ```
 */
export const cernerText = (description: string, max: number = CERNER_LIMITS.text): z.ZodString =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `Cerner accepts at most ${max} characters`)
    .describe(description);

/**
 * An ISO 8601 date-time with a time and a timezone (Cerner: "every date must include a time").
 *
 * @param description - field description
 * @returns the schema
 * @example
 * ```ts
 * isoDateTime('When the note was written');
 * ```
 */
export const isoDateTime = (description: string): z.ZodISODateTime =>
  z.iso
    .datetime({
      offset: true,
      error: 'expected an ISO date-time with a timezone, e.g. 2026-11-25T10:00:00Z',
    })
    .describe(description);
