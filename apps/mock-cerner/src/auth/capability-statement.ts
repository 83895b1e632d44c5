import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from 'fhir/r4.js';
import { fhirBasePath } from '../config.js';
import { authUrls } from './smart-configuration.js';

type SearchParamType = CapabilityStatementRestResourceSearchParam['type'];
const param = (
  name: string,
  type: SearchParamType,
  documentation: string,
): CapabilityStatementRestResourceSearchParam => ({
  name,
  type,
  documentation,
});

const PATIENT_NEEDS =
  "Either '_id', or one of 'identifier', 'name', 'family', 'given', 'birthdate', 'phone', 'email' or 'address-postalcode' must be provided.";

/** The resources the mock serves, their interactions and the search parameters it implements. */
const RESOURCES: CapabilityStatementRestResource[] = [
  {
    type: 'Patient',
    interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }],
    searchParam: [
      param('_id', 'token', `A single or comma separated list of Patient ids. ${PATIENT_NEEDS}`),
      param(
        'identifier',
        'token',
        `A patient identifier, as system|value or value. ${PATIENT_NEEDS}`,
      ),
      param('name', 'string', `The beginning of any current name of the patient. ${PATIENT_NEEDS}`),
      param('family', 'string', `The beginning of the family name. ${PATIENT_NEEDS}`),
      param('given', 'string', `The beginning of a given name. ${PATIENT_NEEDS}`),
      param(
        'birthdate',
        'date',
        'The date of birth, with an optional eq, ge, gt, le or lt prefix; at most twice.',
      ),
      param('phone', 'token', 'A phone number (digits compared).'),
      param('email', 'token', 'An email address (case-insensitive).'),
      param('address-postalcode', 'string', 'The beginning of a postal code.'),
      param('gender', 'token', 'The administrative gender; only together with another parameter.'),
      param('-pageContext', 'string', 'An opaque paging context, from a next or previous link.'),
    ],
  },
  {
    type: 'Encounter',
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: [
      param(
        '_id',
        'token',
        "A single or comma separated list of Encounter ids. Required if 'patient' or 'subject' is not given.",
      ),
      param(
        'patient',
        'reference',
        "The patient present at the encounter. Required if '_id' or 'subject' is not given.",
      ),
      param(
        'subject',
        'reference',
        "The patient present at the encounter, as Patient/{id}. Required if '_id' or 'patient' is not given.",
      ),
      param('status', 'token', 'The status of the encounter. Must be set with patient.'),
      param(
        'date',
        'date',
        'A date or date range, compared with period.start. Must be set with patient.',
      ),
      param(
        '_count',
        'number',
        "The maximum number of results per page. Not honoured when '_id' is set.",
      ),
      param('-pageContext', 'string', 'An opaque paging context, from a next or previous link.'),
      param('-pageDirection', 'string', 'NEXT or PREVIOUS, with -pageContext.'),
    ],
  },
  { type: 'Appointment', interaction: [{ code: 'read' }] },
  {
    type: 'DocumentReference',
    interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }],
    searchParam: [
      param(
        '_id',
        'token',
        "A single or comma separated list of DocumentReference ids. Required if 'patient' or 'subject' is not given.",
      ),
      param(
        'patient',
        'reference',
        "The patient the document is about. Required if '_id' or 'subject' is not given.",
      ),
      param('subject', 'reference', 'The patient the document is about, as Patient/{id}.'),
      param('encounter', 'reference', 'The Encounter in which the document was created.'),
    ],
  },
  { type: 'Binary', interaction: [{ code: 'read' }] },
];

/**
 * The secure CapabilityStatement (`GET {fhirBase}/metadata`), in Cerner's shape and trimmed to
 * what the mock serves: `kind: instance`, FHIR 4.0.1, `rest[0].security` with the SMART
 * `oauth-uris` extension (token, revoke, authorize, manage, introspect, in Cerner's order, on the
 * mock's origin) and the `SMART-on-FHIR` service, and one entry per served resource.
 *
 * @param origin - the mock's origin (no trailing slash)
 * @param tenantId - the tenant
 * @param now - for `date`
 * @returns the CapabilityStatement
 * @example
 * ```ts
 * capabilityStatement('http://127.0.0.1:8080', tenant, new Date()).rest?.[0]?.security?.service;
 * ```
 */
export function capabilityStatement(
  origin: string,
  tenantId: string,
  now: Date,
): CapabilityStatement {
  const u = authUrls(origin, tenantId);
  return {
    resourceType: 'CapabilityStatement',
    url: `${origin}${fhirBasePath(tenantId)}/metadata`,
    name: 'MockCernerCapabilityStatement',
    title: 'mock-cerner Capability Statement',
    status: 'active',
    date: now.toISOString(),
    publisher: 'cerner-kit',
    description:
      'An offline emulation of the Oracle Health Millennium FHIR R4 API (secure tier), limited to the resources below.',
    kind: 'instance',
    software: { name: 'cerner-kit mock-cerner' },
    implementation: {
      description: 'mock-cerner FHIR R4 (secure)',
      url: `${origin}${fhirBasePath(tenantId)}`,
    },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'token', valueUri: u.token },
                { url: 'revoke', valueUri: u.revoke },
                { url: 'authorize', valueUri: u.authorize },
                { url: 'manage', valueUri: u.manage },
                { url: 'introspect', valueUri: u.introspect },
              ],
            },
          ],
          cors: true,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description: 'OAuth2 plus SMART extensions',
        },
        resource: RESOURCES.map((r) => structuredClone(r)),
      },
    ],
  };
}
