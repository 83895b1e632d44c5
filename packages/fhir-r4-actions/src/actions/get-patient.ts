import type { Patient } from 'fhir/r4.js';
import { z } from 'zod';
import { defineAction } from './define-action.js';
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

/**
 * getPatient: `GET Patient/{id}`.
 *
 * @returns the Patient (a merged-away patient comes back with `active: false` and a `replaced-by` link)
 * @throws {@link FhirActionError} `not_found`, other HTTP codes, `bad_response`
 * @example
 * ```ts
 * await actions.getPatient.run(client, { patientId: '12724066' });
 * ```
 */
export const getPatientAction = defineAction({
  key: 'getPatient',
  title: 'Get patient',
  description: 'Reads a Patient by id (GET Patient/{id}) and returns the whole resource.',
  requiredScopes: ['system/Patient.read'],
  requiredScopesV2: ['system/Patient.r'],
  input: getPatientInput,
  run: (ctx, input) => readResource<Patient>(ctx.http, 'Patient', input.patientId, ctx.signal),
});
