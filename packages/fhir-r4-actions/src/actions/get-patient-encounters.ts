import type { Encounter } from 'fhir/r4.js';
import { z } from 'zod';
import { fetchAllPages } from '../http/bundle-pages.js';
import type { ActionContext } from './action-context.js';
import { defineAction } from './define-action.js';
import { fhirId } from './schemas.js';

/**
 * Input schema of `getPatientEncounters`.
 *
 * @example
 * ```ts
 * getPatientEncountersInput.parse({ patientId: '12724066', maxPages: 50 });
 * ```
 */
export const getPatientEncountersInput = z.strictObject({
  patientId: fhirId('The Patient id whose encounters to list'),
  maxPages: z
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .optional()
    .describe('Safety limit on pages followed (default 1000)'),
});
/**
 * Input of `getPatientEncounters`.
 *
 * @example
 * ```ts
 * const input: GetPatientEncountersInput = { patientId: '12724066' };
 * ```
 */
export type GetPatientEncountersInput = z.input<typeof getPatientEncountersInput>;

/**
 * `GET Encounter?patient={id}` and every `next` page.
 *
 * @param ctx - the client's context
 * @param input - validated input
 * @returns every Encounter, in Cerner's order (oldest `period.start` first), de-duplicated by id;
 *   an empty array when the patient has none (or is unknown: Cerner answers an empty Bundle)
 * @throws {@link FhirActionError} `bad_response` for a paging loop, a foreign next link or more
 *   than `maxPages` pages; HTTP codes
 * @example
 * ```ts
 * const encounters = await client.getPatientEncounters({ patientId: '12724066' });
 * ```
 */
function getPatientEncounters(
  ctx: ActionContext,
  input: z.output<typeof getPatientEncountersInput>,
): Promise<Encounter[]> {
  const query = new URLSearchParams({ patient: input.patientId });
  return fetchAllPages<Encounter>(ctx.http, `Encounter?${query.toString()}`, {
    resourceType: 'Encounter',
    maxPages: input.maxPages ?? 1000,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

/**
 * getPatientEncounters: `GET Encounter?patient={id}` and every `next` page.
 *
 * @example
 * ```ts
 * const encounters = await actions.getPatientEncounters.run(client, { patientId: '12724066' });
 * ```
 */
export const getPatientEncountersAction = defineAction({
  key: 'getPatientEncounters',
  title: 'Get patient encounters',
  description:
    'Every Encounter of a patient (GET Encounter?patient={id}, following every next page), oldest first, each once.',
  requiredScopes: ['system/Encounter.read'],
  requiredScopesV2: ['system/Encounter.s'],
  input: getPatientEncountersInput,
  run: getPatientEncounters,
});
