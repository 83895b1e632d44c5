import type { Identifier, Patient } from 'fhir/r4.js';
import { mrnIdentifier, personIdentifier } from './seed/cerner-shapes.js';

/**
 * What Millennium stores for an accepted Patient create, in Cerner's read shape: the first
 * identifier (assigner only) becomes the server-assigned MRN, a "MIllennium Person Identifier" is
 * added, names get `id: CI-<id>-<n>` and `text: "Family, Given"`, telecoms get `rank: 1`,
 * `active: true`, `meta.versionId "0"`.
 *
 * @param input - a body that passed {@link checkPatientCreate}
 * @param ids - the new logical id, the assigned MRN, its system, and the creation time (epoch ms)
 * @returns the resource to store
 * @example
 * ```ts
 * buildCreatedPatient(body, { id: '200000001', mrn: '800001', mrnSystem: SANDBOX_MRN_SYSTEM, now: Date.now() });
 * ```
 */
export function buildCreatedPatient(
  input: Patient,
  ids: { id: string; mrn: string; mrnSystem: string; now: number },
): Patient {
  const { id, mrn, mrnSystem } = ids;
  const identifiers: Identifier[] = [
    mrnIdentifier(id, mrn, mrnSystem, 0, new Date(ids.now).toISOString()),
    personIdentifier(id, `${id}1`, 1),
    ...(input.identifier ?? [])
      .slice(1)
      .map((i, n) => ({ id: `CI-${id}-${n + 2}`, use: 'usual' as const, ...i })),
  ];
  const { id: _ignoredId, meta: _ignoredMeta, text: _ignoredText, ...rest } = input;
  return {
    ...rest,
    resourceType: 'Patient',
    id,
    meta: { versionId: '0', lastUpdated: new Date(ids.now).toISOString() },
    identifier: identifiers,
    active: true,
    name: (input.name ?? []).map((n, i) => ({
      id: `CI-${id}-${i}`,
      ...n,
      text: [n.family, (n.given ?? []).join(' ')]
        .filter((s) => s !== undefined && s !== '')
        .join(', '),
    })),
    ...(input.telecom
      ? {
          telecom: input.telecom.map((t, i) => ({
            id: `CI-${t.system === 'email' ? 'EM' : 'PH'}-${id}-${i}`,
            ...t,
            rank: t.rank ?? 1,
          })),
        }
      : {}),
    ...(input.address
      ? { address: input.address.map((a, i) => ({ id: `CI-${id}-${i}`, ...a })) }
      : {}),
  };
}
