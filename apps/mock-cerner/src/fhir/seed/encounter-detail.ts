import type { Coding, Encounter } from 'fhir/r4.js';
import { codeSet } from './cerner-shapes.js';

const DAR = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const absent = { extension: [{ url: DAR, valueCode: 'unknown' }] };

const std = (system: string, code: string, display: string): Coding => ({
  system,
  code,
  display,
  userSelected: false,
});

/**
 * Adds what Cerner's encounter reads carry beyond the tidy basics (cerner-fhir.md §E.1): the v2-0004
 * coding beside code set 71 in `type`, v3-ParticipationType beside code set 333 in each
 * participant's `type`, `location`, `hospitalization` (inpatient), and Cerner's `custom-attribute`
 * extensions.
 *
 * @param e - a seeded encounter with code set 71 type and code set 333 participants
 * @param tenantId - the tenant in codeSet URLs
 * @param cls - inpatient or ambulatory
 * @returns the same encounter, completed
 * @example
 * ```ts
 * withCernerDetail(encounter, DEFAULT_TENANT_ID, 'IMP').hospitalization?.admitSource?.text;
 * ```
 */
export function withCernerDetail(e: Encounter, tenantId: string, cls: 'IMP' | 'AMB'): Encounter {
  const v2 =
    cls === 'IMP'
      ? std('http://terminology.hl7.org/CodeSystem/v2-0004', 'I', 'Inpatient')
      : std('http://terminology.hl7.org/CodeSystem/v2-0004', 'O', 'Outpatient');
  e.type?.[0]?.coding?.push(v2);
  for (const p of e.participant ?? []) {
    p.type?.[0]?.coding?.push(
      std('http://terminology.hl7.org/CodeSystem/v3-ParticipationType', 'ATND', 'attender'),
    );
  }
  e.extension = [
    {
      id: 'CA-0',
      url: 'https://fhir-ehr.cerner.com/r4/StructureDefinition/custom-attribute',
      extension: [
        { id: 'ENCNTR:17368048', url: 'custom-attribute-name', valueString: 'Full Reg Date/Time' },
        ...(e.period?.start
          ? [{ url: 'custom-attribute-value', valueDateTime: e.period.start }]
          : []),
      ],
    },
  ];
  e.location = [
    {
      location: {
        reference: 'Location/32545019',
        display: cls === 'IMP' ? 'Model Hospital, MX Hospital, NU05, 102, A' : 'Model Clinic',
      },
      status: 'completed',
    },
  ];
  if (cls === 'IMP') {
    e.hospitalization = {
      admitSource: {
        coding: [
          {
            system: codeSet(2, tenantId),
            code: '4326381',
            display: 'Self (Non-HC Facility Source of Origin)',
            userSelected: true,
          },
        ],
        text: 'Self (Non-HC Facility Source of Origin)',
      },
    };
  }
  return e;
}

/**
 * A combined encounter as Cerner reads it (§E.1): status `unknown`, data-absent class, type and
 * subject, `partOf` the surviving encounter. Searches never return it.
 *
 * @param id - the combined encounter's id
 * @param survivor - the surviving encounter's id
 * @returns the stored encounter
 * @example
 * ```ts
 * combinedEncounter('97865451', '97954225').partOf?.reference; // 'Encounter/97954225'
 * ```
 */
export function combinedEncounter(id: string, survivor: string): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Encounter</b></p><p><b>Type</b>: Unknown</p></div>',
    },
    status: 'unknown',
    class: absent,
    type: [absent],
    subject: absent,
    partOf: { reference: `Encounter/${survivor}` },
  };
}
