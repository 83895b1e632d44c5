import type { Encounter } from 'fhir/r4.js';
import { z } from 'zod';
import type { ActionContext, ActionMeta } from './action-context.js';
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

/** @internal */
export const getEncounterMeta: ActionMeta<'getEncounter'> = {
  key: 'getEncounter',
  title: 'Get encounter',
  description: 'Reads an Encounter by id (GET Encounter/{id}) and returns the whole resource.',
  requiredScopes: ['system/Encounter.read'],
  requiredScopesV2: ['system/Encounter.r'],
};

/**
 * `GET Encounter/{id}`.
 *
 * @param ctx - the client's context
 * @param input - validated input
 * @returns the Encounter (a combined-away encounter is inactive with `partOf` the survivor)
 * @throws {@link FhirActionError} `not_found`, other HTTP codes, `bad_response`
 * @example
 * ```ts
 * await client.getEncounter({ encounterId: '97939518' });
 * ```
 * @internal
 */
export function getEncounter(
  ctx: ActionContext,
  input: z.output<typeof getEncounterInput>,
): Promise<Encounter> {
  return readResource<Encounter>(ctx.http, 'Encounter', input.encounterId);
}
