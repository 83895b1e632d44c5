import type { CodeableConcept, Coding, Identifier, Patient } from 'fhir/r4.js';
import { SANDBOX_MRN_SYSTEM } from '../ids.js';
import { SSN_SYSTEM } from '../patient-view.js';
import { codeSet, mrnIdentifier, personIdentifier } from './cerner-shapes.js';

/** The community MRN pool of the sandbox (codeSet 4 code 2, v2 MR). */
export const CMRN_SYSTEM = 'urn:oid:2.16.840.1.113883.3.787.0.0';

/** The sandbox's second MRN pool, whose entries carry ended periods. */
export const OLD_MRN_SYSTEM = 'urn:oid:7.7.7.7.7.7';

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const DAR = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

const cs = (n: number, tenantId: string, code: string, display: string): Coding => ({
  system: codeSet(n, tenantId),
  code,
  display,
  userSelected: true,
});
const std = (system: string, code: string, display: string): Coding => ({
  system,
  code,
  display,
  userSelected: false,
});
const concept = (text: string, ...coding: Coding[]): CodeableConcept => ({ coding, text });

function typed(
  id: string,
  type: CodeableConcept,
  system: string,
  value: string,
  period?: Identifier['period'],
): Identifier {
  return {
    id,
    use: 'usual',
    type,
    system,
    value,
    _value: {
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/rendered-value', valueString: value },
      ],
    },
    ...(period ? { period } : {}),
  };
}

/**
 * Patient 12724066 ("SMART, JOE") in the shape Cerner's sandbox returns it (§B, §D.2, §H.7): the
 * community MRN first, ended MRNs of another pool, the sandbox MRN far down the list, Military Id,
 * Messaging and Federated Person Principal identifiers, the Millennium person id without a system;
 * us-core race, ethnicity and birth sex plus Cerner's communication-preference extension; phones
 * with the iso21090 TEL address as `valueUrl`; `contact` and `generalPractitioner`; codings with
 * `userSelected`. The stored copy also holds an SSN, which searches match and reads leave out.
 *
 * @param tenantId - the tenant in codeSet URLs
 * @param mrn - the sandbox MRN (6930)
 * @returns the stored patient
 * @example
 * ```ts
 * smartJoe(DEFAULT_TENANT_ID, '6930').identifier?.[0]?.system; // CMRN_SYSTEM
 * ```
 */
export function smartJoe(tenantId: string, mrn: string): Patient {
  const id = '12724066';
  const cmrnType = concept(
    'Community Medical Record Number',
    cs(4, tenantId, '2', 'Community Medical Record Number'),
    std(V2_0203, 'MR', 'Medical record number'),
  );
  const mrnType = concept(
    'MRN',
    cs(4, tenantId, '10', 'MRN'),
    std(V2_0203, 'MR', 'Medical record number'),
  );
  const ended = (n: number, value: string): Identifier =>
    typed(`CI-49019${n}-${n + 1}`, mrnType, OLD_MRN_SYSTEM, value, {
      start: '2019-12-26T15:12:00.000Z',
      end: `2020-0${(n % 9) + 1}-01T00:00:00.000Z`,
    });
  const sandboxMrn = mrnIdentifier(
    id,
    mrn,
    SANDBOX_MRN_SYSTEM,
    6,
    '2019-12-26T15:12:34.000Z',
    tenantId,
  );
  return {
    resourceType: 'Patient',
    id,
    meta: { versionId: '1773', lastUpdated: '2025-07-18T05:55:42.000Z' },
    text: {
      status: 'extensions',
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Patient</b></p><p><b>Name</b>: SMART, JOE</p></div>',
    },
    extension: [
      {
        url: 'https://fhir-ehr.cerner.com/r4/StructureDefinition/communication-preference',
        extension: [
          {
            url: 'communication-type',
            valueCodeableConcept: concept(
              'Clinical Communications',
              cs(4640016, tenantId, '2572136737', 'Clinical Communications'),
              std(
                'http://terminology.hl7.org/CodeSystem/communication-topic',
                'progress-update',
                'Progress Update',
              ),
            ),
          },
          {
            url: 'contact-method',
            valueCodeableConcept: concept(
              'Telephone',
              cs(23042, tenantId, '4054467', 'Telephone'),
              std('http://hl7.org/fhir/contact-point-system', 'phone', 'Phone'),
            ),
          },
          { url: 'verified-datetime', valueDateTime: '2022-11-17T16:22:49.000Z' },
        ],
      },
      { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'M' },
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
        extension: [
          {
            url: 'ombCategory',
            valueCoding: {
              system: 'urn:oid:2.16.840.1.113883.6.238',
              code: '2106-3',
              display: 'White',
            },
          },
          { url: 'text', valueString: 'White' },
        ],
      },
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity',
        extension: [
          {
            url: 'ombCategory',
            valueCoding: {
              system: 'urn:oid:2.16.840.1.113883.6.238',
              code: '2186-5',
              display: 'Not Hispanic or Latino',
            },
          },
          { url: 'text', valueString: 'Not Hispanic or Latino' },
        ],
      },
    ],
    identifier: [
      typed('CI-490268794-0', cmrnType, CMRN_SYSTEM, '1000012'),
      ended(1, '158'),
      ended(2, '12316'),
      ended(3, '12345'),
      ended(4, '12371'),
      ended(5, '12398'),
      sandboxMrn,
      {
        id: 'CI-490060520-7',
        use: 'usual',
        type: concept(
          'SSN',
          cs(4, tenantId, '18', 'SSN'),
          std(V2_0203, 'SS', 'Social Security number'),
        ),
        system: SSN_SYSTEM,
        value: '900551234',
      },
      typed(
        'CI-490060520-8',
        concept('Military Id', cs(4, tenantId, '22', 'Military Id')),
        'urn:oid:2.16.840.1.113883.3.42.10001.100001.12',
        '100000010',
      ),
      typed(
        'CI-493802789-9',
        concept(
          'Messaging',
          cs(4, tenantId, '670843', 'Messaging'),
          std(V2_0203, 'U', 'Unspecified identifier'),
        ),
        'urn:oid:2.16.840.1.113883.3.13.8',
        'JS12724066',
      ),
      typed(
        'CI-493802786-10',
        concept(
          'Federated Person Principal',
          cs(4, tenantId, '2553236771', 'Federated Person Principal'),
          std(V2_0203, 'AN', 'Account number'),
        ),
        'urn:oid:2.16.840.1.113883.3.13.6',
        'URN:CERNER:IDENTITY-FEDERATION:REALM:SANDBOX:PRINCIPAL:JS12724066',
      ),
      personIdentifier(id, '12724066', 11),
    ],
    active: true,
    name: [
      {
        id: `CI-${id}-0`,
        use: 'official',
        text: 'SMART, JOE',
        family: 'SMART',
        given: ['JOE'],
        period: { start: '2019-12-26T15:12:34.000Z' },
      },
      {
        id: `CI-${id}-1`,
        use: 'old',
        text: 'SMART, JOSEPH',
        family: 'SMART',
        given: ['JOSEPH'],
        period: { start: '2012-05-22T15:45:50.000Z', end: '2019-12-26T15:12:34.000Z' },
      },
    ],
    telecom: [
      {
        id: 'CI-PH-30064445-0',
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/iso21090-TEL-address',
            valueUrl: '(816)555-0101',
          },
        ],
        system: 'phone',
        value: '8165550101',
        use: 'home',
        rank: 1,
        period: { start: '2019-12-26T15:12:34.000Z' },
      },
      {
        id: 'CI-PH-29967643-1',
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/iso21090-TEL-address',
            valueUrl: '(816)555-0107',
          },
          {
            url: 'http://hl7.org/fhir/StructureDefinition/contactpoint-extension',
            valueString: '123',
          },
        ],
        system: 'phone',
        value: '8165550107',
        use: 'work',
        rank: 1,
      },
      {
        id: 'CI-EM-30064446-0',
        system: 'email',
        value: 'joe.smart@example.org',
        use: 'home',
        rank: 1,
      },
    ],
    gender: 'male',
    birthDate: '1976-04-29',
    deceasedBoolean: false,
    address: [
      {
        id: `CI-${id}-addr-0`,
        use: 'home',
        text: '123 Main St\nKansas City, MO 64117\nUS',
        line: ['123 Main St'],
        city: 'Kansas City',
        district: 'Clay',
        state: 'MO',
        postalCode: '64117',
        country: 'US',
        period: { start: '2019-12-26T15:12:34.000Z' },
      },
    ],
    maritalStatus: concept(
      'Single',
      cs(38, tenantId, '309242', 'Single'),
      std('http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', 'S', 'Never Married'),
    ),
    contact: [
      {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/patient-relatedPerson',
            valueReference: { reference: `RelatedPerson/14841377-${id}` },
          },
        ],
        relationship: [
          concept(
            'Emergency Contact',
            cs(351, tenantId, '1152', 'Emergency Contact'),
            std('http://terminology.hl7.org/CodeSystem/v2-0131', 'C', 'Emergency Contact'),
          ),
        ],
        name: { id: 'CI-14841377-0', use: 'official', text: 'Smart, Jane' },
        period: { start: '2025-07-18T05:55:42.000Z' },
      },
    ],
    communication: [
      {
        language: concept(
          'English',
          cs(36, tenantId, '151', 'English'),
          std('urn:ietf:bcp:47', 'en', 'English'),
        ),
        preferred: true,
      },
    ],
    generalPractitioner: [
      {
        id: 'CI-499786360-1',
        reference: 'Practitioner/3332064',
        display: 'Cerner Test, Physician - Hospitalist Cerner',
      },
    ],
  };
}

/**
 * A patient the way Cerner returns one that was created with little data: no `birthDate`, a
 * data-absent `_gender`, a Millennium person id without a system and an identifier whose system
 * is absent too (§C.3, §H.7).
 *
 * @param id - the patient id
 * @param mrn - its MRN in the sandbox pool
 * @param tenantId - the tenant in codeSet URLs
 * @returns the stored patient
 * @example
 * ```ts
 * sparsePatient('13115420', '292420', DEFAULT_TENANT_ID).birthDate; // undefined
 * ```
 */
export function sparsePatient(id: string, mrn: string, tenantId: string): Patient {
  return {
    resourceType: 'Patient',
    id,
    meta: { versionId: '0', lastUpdated: '2025-02-06T17:40:11.000Z' },
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Patient</b></p></div>',
    },
    identifier: [
      mrnIdentifier(id, mrn, SANDBOX_MRN_SYSTEM, 0, '2025-02-06T17:40:11.000Z', tenantId),
      personIdentifier(id, `${id}7`, 1),
      { id: `CI-${id}-2`, use: 'usual', type: { text: 'Visit Number' }, value: `V${id}` },
    ],
    active: true,
    name: [
      {
        id: `CI-${id}-0`,
        use: 'official',
        text: 'Sparse, Sam',
        family: 'Sparse',
        given: ['Sam'],
        period: { start: '2025-02-06T17:40:11.000Z' },
      },
    ],
    _gender: { extension: [{ url: DAR, valueCode: 'unknown' }] },
  };
}

/**
 * A combined (merged-away) patient as Cerner reads it (§B): `active: false`, data-absent
 * identifier, name and gender, and `link replaced-by` the survivor. Searches never return it.
 *
 * @param id - the merged patient's id
 * @param survivor - the surviving patient's id
 * @returns the stored patient
 * @example
 * ```ts
 * mergedPatient('12742633', '12724066').link?.[0]?.type; // 'replaced-by'
 * ```
 */
export function mergedPatient(id: string, survivor: string): Patient {
  const absent = { extension: [{ url: DAR, valueCode: 'unknown' }] };
  return {
    resourceType: 'Patient',
    id,
    meta: { versionId: '0' },
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Patient</b></p><p><b>Status</b>: Inactive</p><p><b>Replaced By</b>: Patient/${survivor}</p></div>`,
    },
    identifier: [absent],
    active: false,
    name: [absent],
    _gender: absent,
    link: [{ other: { reference: `Patient/${survivor}` }, type: 'replaced-by' }],
  };
}
