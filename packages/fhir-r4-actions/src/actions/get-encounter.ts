import type { Encounter } from 'fhir/r4.js';
import { z } from 'zod';
import { defineAction } from './define-action.js';
import { readResource } from './read-resource.js';
import { fhirId } from './schemas.js';

/**
 * Input schema of `getEncounter`.
 *
 * @example
 * ```ts
 * getEncounterInput.parse({ encounterId: '97939518' });
 * ```
 */
export const getEncounterInput = z.strictObject({
  encounterId: fhirId('The Encounter id (e.g. 97939518)'),
});
/**
 * Input of `getEncounter`.
 *
 * @example
 * ```ts
 * const input: GetEncounterInput = { encounterId: '97939518' };
 * ```
 */
export type GetEncounterInput = z.input<typeof getEncounterInput>;

/**
 * getEncounter: `GET Encounter/{id}`.
 *
 * @returns the Encounter (a combined-away encounter is inactive with `partOf` the survivor)
 * @throws {@link FhirActionError} `not_found`, other HTTP codes, `bad_response`
 * @example
 * ```ts
 * await actions.getEncounter.run(client, { encounterId: '97939518' });
 * ```
 */
export const getEncounterAction = defineAction({
  key: 'getEncounter',
  title: 'Get encounter',
  description: 'Reads an Encounter by id (GET Encounter/{id}) and returns the whole resource.',
  requiredScopes: ['system/Encounter.read'],
  requiredScopesV2: ['system/Encounter.r'],
  input: getEncounterInput,
  run: (ctx, input) =>
    readResource<Encounter>(ctx.http, 'Encounter', input.encounterId, ctx.signal),
});
