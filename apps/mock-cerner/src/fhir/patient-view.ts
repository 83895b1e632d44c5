import type { Patient } from 'fhir/r4.js';

/** US SSN system: searchable on Cerner, never returned in a read or search (cerner-fhir.md §D.1). */
export const SSN_SYSTEM = 'http://hl7.org/fhir/sid/us-ssn';

/**
 * What a Patient read or search returns: the stored patient without its SSN identifiers (Cerner
 * matches `identifier=http://hl7.org/fhir/sid/us-ssn|…` but never returns the SSN).
 *
 * @param p - the stored patient
 * @returns the patient itself when it has no SSN, else a copy without it
 * @example
 * ```ts
 * sendResource(res, patientView(stored));
 * ```
 */
export function patientView(p: Patient): Patient {
  if (!p.identifier?.some((i) => i.system === SSN_SYSTEM)) return p;
  return { ...p, identifier: p.identifier.filter((i) => i.system !== SSN_SYSTEM) };
}
