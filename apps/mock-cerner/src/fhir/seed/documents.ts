import type { DocumentReference } from 'fhir/r4.js';
import { codeSet } from './cerner-shapes.js';

const FORMAT = {
  system: 'http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem',
  code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient',
  display: 'mimeType Sufficient',
};
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/**
 * Seeded notes of one patient in the shape of Cerner's DocumentReference reads (cerner-fhir.md
 * §G.3): several renditions each (PDF `XR`, HTML `TR`, XML `XML`; reads show Binary urls), `format`
 * from the IHE code system, `category` US Core `clinical-note` or data-absent, a `ceuuid`
 * identifier, and a type whose only coding besides code set 72 is v3-NullFlavor `UNK` when there
 * is no LOINC code. The content is synthetic.
 *
 * @param tenantId - the tenant in codeSet URLs
 * @param patientId - the subject
 * @param encounterId - the encounter of the notes
 * @param ids - the document ids (three)
 * @returns the stored documents, oldest first
 * @example
 * ```ts
 * seededDocuments(DEFAULT_TENANT_ID, '12742400', '98000000', ['1', '2', '3']).length; // 3
 * ```
 */
export function seededDocuments(
  tenantId: string,
  patientId: string,
  encounterId: string,
  ids: readonly string[],
): DocumentReference[] {
  const specs = [
    {
      title: 'Progress Note',
      code: '2820510',
      loinc: '11506-3',
      loincText: 'Progress note',
      clinical: true,
      date: '2021-03-02T10:15:00Z',
    },
    {
      title: 'Discharge Summary',
      code: '4189665',
      loinc: '18842-5',
      loincText: 'Discharge summary',
      clinical: true,
      date: '2022-07-08T16:40:00Z',
    },
    { title: 'Outside Records', code: '2820620', clinical: false, date: '2023-05-18T05:38:07Z' },
  ] as const;
  return specs.map((s, i) => {
    const id = ids[i]!;
    const html = `<html><body><p>${s.title} (synthetic).</p></body></html>`;
    const creation = s.date.replace('Z', '.000Z');
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      id,
      meta: { versionId: '1', lastUpdated: creation },
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Document Reference</b></p><p><b>Document Type</b>: ${s.title}</p></div>`,
      },
      identifier: [
        {
          system: 'https://fhir.cerner.com/ceuuid',
          value: `CE${id}-${id}-${s.date.replace(/\D/g, '')}00`,
        },
      ],
      status: 'current',
      docStatus: 'final',
      type: {
        coding: [
          { system: codeSet(72, tenantId), code: s.code, display: s.title, userSelected: true },
          'loinc' in s
            ? {
                system: 'http://loinc.org',
                code: s.loinc,
                display: s.loincText,
                userSelected: false,
              }
            : {
                system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
                code: 'UNK',
                display: 'Unknown',
                userSelected: false,
              },
        ],
        text: s.title,
      },
      category: s.clinical
        ? [
            {
              coding: [
                {
                  system:
                    'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
                  code: 'clinical-note',
                  display: 'Clinical Note',
                  userSelected: false,
                },
              ],
              text: 'Clinical Note',
            },
          ]
        : [
            {
              extension: [
                {
                  url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
                  valueCode: 'unknown',
                },
              ],
            },
          ],
      subject: { reference: `Patient/${patientId}` },
      date: s.date,
      author: [
        {
          reference: 'Practitioner/3332064',
          display: 'Cerner Test, Physician - Hospitalist Cerner',
        },
      ],
      custodian: { reference: 'Organization/675844', display: 'Model Clinic' },
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            data: b64(`%PDF-1.4\n% ${s.title} (synthetic)\n`),
            creation,
          },
          format: FORMAT,
        },
        { attachment: { contentType: 'text/html', data: b64(html), creation }, format: FORMAT },
        {
          attachment: {
            contentType: 'application/xml',
            data: b64(`<note>${s.title}</note>`),
            creation,
          },
          format: FORMAT,
        },
      ],
      context: {
        encounter: [{ reference: `Encounter/${encounterId}` }],
        period: { start: s.date, end: s.date },
      },
    };
    return doc;
  });
}
