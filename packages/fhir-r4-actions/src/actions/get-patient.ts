import type { Patient } from 'fhir/r4.js';
import { z } from 'zod';
import type { ActionContext, ActionMeta } from './action-context.js';
import { readResource } from './read-resource.js';
import { fhirId } from './schemas.js';

/**
 * Input schema of `getPatient`.
 *
 * @example
 * ```ts
 * getPatientInput.parse({ patientId: '12724066' });
 * ```
 */
export const getPatientInput = z.strictObject({
  patientId: fhirId('The Patient id (e.g. 12724066)'),
});
/**
 * Input of `getPatient`.
 *
 * @example
 * ```ts
 * const input: GetPatientInput = { patientId: '12724066' };
 * ```
 */
export type GetPatientInput = z.input<typeof getPatientInput>;

/** @internal */
export const getPatientMeta: ActionMeta<'getPatient'> = {
  key: 'getPatient',
  title: 'Get patient',
  description: 'Reads a Patient by id (GET Patient/{id}) and returns the whole resource.',
  requiredScopes: ['system/Patient.read'],
  requiredScopesV2: ['system/Patient.r'],
};

/**
 * `GET Patient/{id}`.
 *
 * @param ctx - the client's context
 * @param input - validated input
 * @returns the Patient (a merged-away patient comes back with `active: false` and a `replaced-by` link)
 * @throws {@link FhirActionError} `not_found`, other HTTP codes, `bad_response`
 * @example
 * ```ts
 * await client.getPatient({ patientId: '12724066' });
 * ```
 * @internal
 */
export function getPatient(
  ctx: ActionContext,
  input: z.output<typeof getPatientInput>,
): Promise<Patient> {
  return readResource<Patient>(ctx.http, 'Patient', input.patientId);
}
