import type { ContactPoint, Identifier, Patient } from 'fhir/r4.js';
import { SSN_SYSTEM } from '../cerner/constants.js';
import type { CreatePatientInput } from './schemas.js';

/**
 * The Patient body Cerner accepts on create (fhir.cerner.com patient create rules): the first
 * identifier holds only the assigning Organization (Millennium assigns the MRN), one official
 * name with at most two given names (extra given names join the second), and every other field
 * the caller gave.
 *
 * @example
 * ```ts
 * buildPatient({ assigningOrganizationId: '675844', family: 'Wolf', given: ['Person', 'Name'], birthDate: '1990-09-15' });
 * ```
 */
export function buildPatient(input: CreatePatientInput): Patient {
  const givenList = Array.isArray(input.given) ? input.given : [input.given];
  const given = givenList.length > 2 ? [givenList[0]!, givenList.slice(1).join(' ')] : givenList;
  const identifier: Identifier[] = [{ assigner: { reference: `Organization/${input.assigningOrganizationId}` } }];
  if (input.ssn) {
    identifier.push({
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS', display: 'Social Security number' }], text: 'SSN' },
      system: SSN_SYSTEM,
      value: input.ssn.replace(/-/g, '').replace(/^(\d{3})(\d{2})(\d{4})$/, '$1-$2-$3'),
    });
  }
  const telecom: ContactPoint[] = [];
  if (input.phone) telecom.push({ system: 'phone', use: 'home', value: input.phone });
  if (input.email) telecom.push({ system: 'email', use: 'home', value: input.email });
  const a = input.address;
  return {
    resourceType: 'Patient',
    identifier,
    active: true,
    name: [{ use: 'official', family: input.family, given }],
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(input.gender ? { gender: input.gender } : {}),
    ...(input.birthDate ? { birthDate: input.birthDate } : {}),
    ...(a
      ? {
          address: [
            {
              use: a.use ?? 'home',
              ...(a.line ? { line: a.line } : {}),
              ...(a.city ? { city: a.city } : {}),
              ...(a.district ? { district: a.district } : {}),
              ...(a.state ? { state: a.state } : {}),
              ...(a.postalCode ? { postalCode: a.postalCode } : {}),
              ...(a.country ? { country: a.country } : {}),
            },
          ],
        }
      : {}),
  };
}
