import { cernerCodeSetSystem } from '@cerner-kit/core';
import type { Identifier, Patient } from 'fhir/r4.js';
import { DEFAULT_TENANT_ID } from '../../config.js';

/** Cerner proprietary code system URL for a code set, e.g. 4 (identifier types), 72 (note types). */
export const codeSet = (n: number, tenantId = DEFAULT_TENANT_ID): string =>
  cernerCodeSetSystem(tenantId, n);

const v2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/**
 * A Millennium MRN identifier as Cerner returns it (codeSet 4 "MRN" + v2 MR, rendered-value padding).
 *
 * @param patientId - the patient's logical id (for the element id `CI-<id>-<n>`)
 * @param mrn - the bare MRN, e.g. `292392`
 * @param system - the tenant's MRN system
 * @param index - the element id's suffix
 * @param start - `period.start`
 * @param tenantId - the tenant in the codeSet URL
 * @returns the identifier
 * @example
 * ```ts
 * mrnIdentifier('13115400', '292392', 'urn:oid:2.16.840.1.113883.6.1000');
 * ```
 */
export function mrnIdentifier(
  patientId: string,
  mrn: string,
  system: string,
  index = 0,
  start = '2020-01-01T00:00:00.000Z',
  tenantId = DEFAULT_TENANT_ID,
): Identifier {
  return {
    id: `CI-${patientId}-${index}`,
    use: 'usual',
    type: {
      coding: [
        { system: codeSet(4, tenantId), code: '10', display: 'MRN', userSelected: true },
        { system: v2_0203, code: 'MR', display: 'Medical record number', userSelected: false },
      ],
      text: 'MRN',
    },
    system,
    value: mrn,
    _value: {
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/rendered-value',
          valueString: mrn.padStart(11, '0'),
        },
      ],
    },
    period: { start },
  };
}

/** The "MIllennium Person Identifier" (sic), which has no system. */
export function personIdentifier(patientId: string, value: string, index: number): Identifier {
  return {
    id: `CI-${patientId}-${index}`,
    use: 'usual',
    type: { text: 'MIllennium Person Identifier' },
    _system: {
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' },
      ],
    },
    value,
  };
}

/** A seeded patient in Cerner's read shape. */
export function cernerPatient(p: {
  id: string;
  mrn: string;
  family: string;
  given: string[];
  gender: Patient['gender'];
  birthDate: string;
  phone?: string;
  email?: string;
  city?: string;
  mrnSystem: string;
  tenantId?: string;
}): Patient {
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: { versionId: '3', lastUpdated: '2024-05-02T14:03:11.000Z' },
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Patient</b></p></div>`,
    },
    identifier: [
      mrnIdentifier(p.id, p.mrn, p.mrnSystem, 0, undefined, p.tenantId),
      personIdentifier(p.id, `${p.id}1`, 1),
    ],
    active: true,
    name: [
      {
        id: `CI-${p.id}-0`,
        use: 'official',
        text: `${p.family.toUpperCase()}, ${p.given.join(' ').toUpperCase()}`,
        family: p.family.toUpperCase(),
        given: p.given.map((g) => g.toUpperCase()),
        period: { start: '2020-01-01T00:00:00.000Z' },
      },
    ],
    telecom: [
      ...(p.phone
        ? [
            {
              id: `CI-PH-${p.id}-0`,
              extension: [
                {
                  valueString: p.phone,
                  url: 'http://hl7.org/fhir/StructureDefinition/iso21090-TEL-address',
                },
              ],
              system: 'phone' as const,
              value: p.phone.replace(/\D/g, ''),
              use: 'home' as const,
              rank: 1,
            },
          ]
        : []),
      ...(p.email
        ? [
            {
              id: `CI-EM-${p.id}-0`,
              system: 'email' as const,
              value: p.email,
              use: 'home' as const,
              rank: 1,
            },
          ]
        : []),
    ],
    gender: p.gender,
    birthDate: p.birthDate,
    deceasedBoolean: false,
    address: [
      {
        id: `CI-${p.id}-addr-0`,
        use: 'home',
        text: `123 Main St\n${p.city ?? 'Kansas City'}, MO 64117\nUS`,
        line: ['123 Main St'],
        city: p.city ?? 'Kansas City',
        district: 'Clay',
        state: 'MO',
        postalCode: '64117',
        country: 'US',
        period: { start: '2020-01-01T00:00:00.000Z' },
      },
    ],
    maritalStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
          code: 'S',
          display: 'Never Married',
        },
      ],
      text: 'Single',
    },
    communication: [
      {
        language: {
          coding: [{ system: 'urn:ietf:bcp:47', code: 'en', display: 'English' }],
          text: 'English',
        },
        preferred: true,
      },
    ],
  };
}
