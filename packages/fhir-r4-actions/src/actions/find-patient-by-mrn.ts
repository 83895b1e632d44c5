import type { Patient } from 'fhir/r4.js';
import { z } from 'zod';
import { FhirActionError } from '../errors.js';
import { fetchAllPages } from '../http/bundle-pages.js';
import type { ActionContext } from './action-context.js';
import { defineAction } from './define-action.js';

/**
 * Input schema of `findPatientByMrn`.
 *
 * @example
 * ```ts
 * findPatientByMrnInput.parse({ mrn: '292392' });
 * ```
 */
export const findPatientByMrnInput = z.strictObject({
  mrn: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .regex(/^[^|,\\]+$/, 'must not contain a "|", "," or "\\" (FHIR search separators)')
    .describe('The medical record number'),
  system: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters')
    .regex(/^[^\s|,\\]+$/, 'must be a URI without spaces, |, , or \\')
    .optional()
    .describe("The MRN identifier system (default: the client's mrnSystem)"),
});
/**
 * Input of `findPatientByMrn`.
 *
 * @example
 * ```ts
 * const input: FindPatientByMrnInput = { mrn: '292392', system: 'urn:oid:2.16.840.1.113883.6.1000' };
 * ```
 */
export type FindPatientByMrnInput = z.input<typeof findPatientByMrnInput>;

/**
 * `GET Patient?identifier={system}|{mrn}` (percent-encoded by URLSearchParams).
 *
 * @param ctx - the client's context
 * @param input - validated input
 * @returns `{ id }` of the single match, or null
 * @throws {@link FhirActionError} `multiple_matches` when several distinct patients match;
 *   `bad_response`; HTTP codes
 * @example
 * ```ts
 * const match = await client.findPatientByMrn({ mrn: '292392' });
 * ```
 */
async function findPatientByMrn(
  ctx: ActionContext,
  input: z.output<typeof findPatientByMrnInput>,
): Promise<{ id: string } | null> {
  const query = new URLSearchParams({
    identifier: `${input.system ?? ctx.mrnSystem}|${input.mrn}`,
  });
  // Cerner does not page identifier searches, but if it ever does, every page counts.
  const patients = await fetchAllPages<Patient>(ctx.http, `Patient?${query.toString()}`, {
    resourceType: 'Patient',
    maxPages: 20,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const ids = new Set<string>();
  for (const p of patients) {
    if (typeof p.id !== 'string' || p.id === '') {
      throw new FhirActionError('bad_response', 'Patient search: a matching entry has no id');
    }
    ids.add(p.id);
  }
  if (ids.size > 1) {
    throw new FhirActionError(
      'multiple_matches',
      `findPatientByMrn: ${ids.size} patients match this MRN in this identifier system; resolve the duplicate in Millennium or search by another identifier`,
    );
  }
  const [id] = ids;
  return id === undefined ? null : { id };
}

/**
 * findPatientByMrn: `GET Patient?identifier={system}|{mrn}`; see {@link findPatientByMrnInput}.
 *
 * @example
 * ```ts
 * const match = await actions.findPatientByMrn.run(client, { mrn: '292392' }); // { id } | null
 * ```
 */
export const findPatientByMrnAction = defineAction({
  key: 'findPatientByMrn',
  title: 'Find patient by MRN',
  description:
    'Searches Patient?identifier={system}|{mrn}. Returns { id } of the match, null when none matches, and fails with multiple_matches when several do.',
  requiredScopes: ['system/Patient.read'],
  requiredScopesV2: ['system/Patient.s'],
  input: findPatientByMrnInput,
  run: findPatientByMrn,
});
