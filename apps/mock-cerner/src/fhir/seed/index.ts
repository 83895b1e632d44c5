import type { Appointment, Encounter, Organization, Practitioner, Resource } from 'fhir/r4.js';
import { SANDBOX_MRN_SYSTEM } from '../ids.js';
import { DEFAULT_TENANT_ID } from '../../config.js';
import { cernerPatient, codeSet } from './cerner-shapes.js';
import { combinedEncounter, withCernerDetail } from './encounter-detail.js';
import { seededDocuments } from './documents.js';
import { mergedPatient, smartJoe, sparsePatient } from './smart-joe.js';

/** Ids of the seeded resources: Cerner's public sandbox ids, plus one multi-page patient. */
export const SEED_IDS = {
  patients: {
    smartJoe: '12724066',
    wilma: '13115400',
    nancy: '13115413',
    manyEncounters: '12742400',
    /** Created with little data: no birthDate, data-absent gender, an identifier without system. */
    sparse: '13115420',
    /** Merged into 12724066: reads with `active: false` and `link replaced-by`, never in searches. */
    merged: '12742633',
  },
  mrns: {
    '12724066': '6930',
    '13115400': '292392',
    '13115413': '292405',
    '12742400': '490052464',
    '13115420': '292420',
  },
  appointment: '4822366',
  encounters: ['97939518', '97954225', '97954261', '97954262'],
  /** A combined encounter (status unknown, partOf 97954225): reads, never in searches. */
  combinedEncounter: '97865451',
  /** Seeded notes of 12742400 (several renditions each, Cerner's read shape). */
  documents: ['198381924', '198381925', '198381926'],
  organization: '675844',
  practitioner: '3332064',
  /** How many encounters the multi-page patient has (3 pages at Cerner's page size of 10). */
  manyEncountersCount: 25,
} as const;

const patientDisplay: Record<string, string> = {
  '12724066': 'SMART, JOE',
  '12742400': 'FREQUENT, FLYER',
};

/** How a seeded encounter departs from the tidy shape, as Cerner's data does (§E.1). */
interface EncounterQuirks {
  /** No `period` at all. */
  noPeriod?: boolean;
  /** No `identifier` at all. */
  noIdentifier?: boolean;
  /** The FIN's system: absent (default, a data-absent `_system`) or an odd one such as `urn:oid:5.5.5.5.5.5.`. */
  finSystem?: string;
}

function encounter(
  tenantId: string,
  id: string,
  patientId: string,
  start: string,
  status: Encounter['status'],
  cls: 'IMP' | 'AMB',
  quirks: EncounterQuirks = {},
): Encounter {
  const enc = tidyEncounter(tenantId, id, patientId, start, status, cls, quirks.finSystem);
  if (quirks.noPeriod) delete enc.period;
  if (quirks.noIdentifier) delete enc.identifier;
  return withCernerDetail(enc, tenantId, cls);
}

function tidyEncounter(
  tenantId: string,
  id: string,
  patientId: string,
  start: string,
  status: Encounter['status'],
  cls: 'IMP' | 'AMB',
  finSystem: string | undefined,
): Encounter {
  const end = new Date(new Date(start).getTime() + 3_600_000).toISOString();
  return {
    resourceType: 'Encounter',
    id,
    meta: { versionId: '2', lastUpdated: end },
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Encounter</b></p></div>',
    },
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: codeSet(319, tenantId),
              code: '1077',
              display: 'FIN NBR',
              userSelected: true,
            },
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'AN',
              display: 'Account number',
              userSelected: false,
            },
          ],
          text: 'FIN NBR',
        },
        ...(finSystem !== undefined
          ? { system: finSystem }
          : {
              _system: {
                extension: [
                  {
                    url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
                    valueCode: 'unknown',
                  },
                ],
              },
            }),
        value: `FIN${id}`,
      } as never,
    ],
    status,
    class:
      cls === 'IMP'
        ? {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
            code: 'IMP',
            display: 'inpatient encounter',
            userSelected: false,
          }
        : {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
            code: 'AMB',
            display: 'ambulatory',
            userSelected: false,
          },
    type: [
      {
        coding: [
          {
            system: codeSet(71, tenantId),
            code: cls === 'IMP' ? '309308' : '309309',
            display: cls === 'IMP' ? 'Inpatient' : 'Outpatient',
            userSelected: true,
          },
        ],
        text: cls === 'IMP' ? 'Inpatient' : 'Outpatient',
      },
    ],
    subject: { reference: `Patient/${patientId}`, display: patientDisplay[patientId] ?? 'PATIENT' },
    participant: [
      {
        type: [
          {
            coding: [
              {
                system: codeSet(333, tenantId),
                code: '1119',
                display: 'Attending Physician',
                userSelected: true,
              },
            ],
            text: 'Attending Physician',
          },
        ],
        period: { start },
        individual: {
          reference: `Practitioner/${SEED_IDS.practitioner}`,
          display: 'Cerner Test, Physician - Hospitalist Cerner',
        },
      },
    ],
    period: { start, end },
    serviceProvider: {
      reference: `Organization/${SEED_IDS.organization}`,
      display: 'Model Clinic',
    },
  };
}

/**
 * The seed: patients, encounters (oldest first), an appointment, an organization, a practitioner,
 * all synthetic, in Cerner's read shapes, under Cerner's public sandbox ids.
 *
 * @param tenantId - the tenant in codeSet URLs
 * @returns fresh resource objects (safe to store)
 * @example
 * ```ts
 * store.loadMany(buildSeed(DEFAULT_TENANT_ID));
 * ```
 */
export function buildSeed(tenantId: string = DEFAULT_TENANT_ID): Resource[] {
  const patients = [
    smartJoe(tenantId, SEED_IDS.mrns['12724066']),
    cernerPatient({
      id: SEED_IDS.patients.wilma,
      mrn: SEED_IDS.mrns['13115400'],
      family: 'Testpatient',
      given: ['Wilma', 'Ann'],
      gender: 'female',
      birthDate: '1984-11-02',
      phone: '(816) 555-0102',
      mrnSystem: SANDBOX_MRN_SYSTEM,
      tenantId,
    }),
    cernerPatient({
      id: SEED_IDS.patients.nancy,
      mrn: SEED_IDS.mrns['13115413'],
      family: 'Sample',
      given: ['Nancy'],
      gender: 'female',
      birthDate: '1990-09-15',
      email: 'nancy.sample@example.org',
      mrnSystem: SANDBOX_MRN_SYSTEM,
      tenantId,
    }),
    cernerPatient({
      id: SEED_IDS.patients.manyEncounters,
      mrn: SEED_IDS.mrns['12742400'],
      family: 'Frequent',
      given: ['Flyer'],
      gender: 'male',
      birthDate: '1958-02-11',
      city: 'Liberty',
      mrnSystem: SANDBOX_MRN_SYSTEM,
      tenantId,
    }),
  ];
  patients.push(
    sparsePatient(SEED_IDS.patients.sparse, SEED_IDS.mrns['13115420'], tenantId),
    mergedPatient(SEED_IDS.patients.merged, SEED_IDS.patients.smartJoe),
  );
  const joe = SEED_IDS.patients.smartJoe;
  const encounters = [
    encounter(tenantId, '97939518', joe, '2019-03-01T14:00:00.000Z', 'finished', 'AMB', {
      noPeriod: true,
    }),
    encounter(tenantId, '97954225', joe, '2020-06-11T09:30:00.000Z', 'finished', 'IMP'),
    encounter(tenantId, '97954261', joe, '2021-01-20T16:15:00.000Z', 'finished', 'AMB', {
      noIdentifier: true,
    }),
    encounter(tenantId, '97954262', joe, '2022-07-07T08:00:00.000Z', 'in-progress', 'IMP', {
      finSystem: 'urn:oid:5.5.5.5.5.5.',
    }),
    combinedEncounter(SEED_IDS.combinedEncounter, '97954225'),
  ];
  for (let i = 0; i < SEED_IDS.manyEncountersCount; i += 1) {
    const start = new Date(Date.UTC(2015, 0, 5) + i * 30 * 86_400_000).toISOString();
    encounters.push(
      encounter(
        tenantId,
        String(98_000_000 + i),
        SEED_IDS.patients.manyEncounters,
        start,
        'finished',
        i % 3 === 0 ? 'IMP' : 'AMB',
      ),
    );
  }
  const appointment: Appointment = {
    resourceType: 'Appointment',
    id: SEED_IDS.appointment,
    meta: { versionId: '2', lastUpdated: '2021-04-22T12:21:26Z' },
    extension: [
      {
        valueBoolean: false,
        url: 'https://fhir-ehr.cerner.com/r4/StructureDefinition/is-cancelable',
      },
      {
        valueBoolean: false,
        url: 'https://fhir-ehr.cerner.com/r4/StructureDefinition/is-reschedulable',
      },
    ],
    status: 'cancelled',
    cancelationReason: {
      coding: [
        {
          system: codeSet(14229, tenantId),
          code: '4322',
          display: 'Patient Request',
          userSelected: true,
        },
      ],
      text: 'Patient Request',
    },
    serviceType: [
      {
        coding: [
          {
            system: codeSet(14249, tenantId),
            code: '4047611',
            display: 'Established Patient',
            userSelected: true,
          },
          {
            system: 'http://snomed.info/sct',
            code: '185389009',
            display: 'Follow-up visit (procedure)',
            userSelected: false,
          },
        ],
        text: 'Established Patient',
      },
    ],
    description: 'Established Patient',
    start: '2020-01-23T22:10:00Z',
    end: '2020-01-23T23:10:00Z',
    minutesDuration: 60,
    // Cerner's order (§F): Location, a display-only resource, the Patient last.
    participant: [
      {
        actor: { reference: 'Location/32216049', display: 'MX Clinic 1' },
        required: 'required',
        status: 'accepted',
      },
      { actor: { display: 'EN Add-On' }, required: 'required', status: 'accepted' },
      {
        type: [
          {
            coding: [
              {
                system: codeSet(14250, tenantId),
                code: '4572',
                display: 'Patient',
                userSelected: true,
              },
            ],
            text: 'Patient',
          },
        ],
        actor: { reference: `Patient/${joe}`, display: 'SMART, JOE' },
        required: 'required',
        status: 'accepted',
        period: { start: '2020-01-23T22:10:00Z', end: '2020-01-23T23:10:00Z' },
      },
    ],
    requestedPeriod: [{ start: '2020-01-23T22:10:00Z', end: '2020-01-23T23:10:00Z' }],
  };
  const organization: Organization = {
    resourceType: 'Organization',
    id: SEED_IDS.organization,
    active: true,
    name: 'Model Clinic',
  };
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id: SEED_IDS.practitioner,
    active: true,
    name: [
      {
        use: 'official',
        text: 'Cerner Test, Physician - Hospitalist Cerner',
        family: 'Cerner Test',
        given: ['Physician - Hospitalist'],
      },
    ],
  };
  const documents = seededDocuments(
    tenantId,
    SEED_IDS.patients.manyEncounters,
    '98000000',
    SEED_IDS.documents,
  );
  return [...patients, ...encounters, appointment, organization, practitioner, ...documents];
}
