/**
 * Synthetic payloads in the shapes Cerner's R4 API returns (Bundle searchsets with `self`/`next`
 * links and `search.mode`, codeSet codings with `userSelected`, `.000Z` timestamps,
 * OperationOutcomes with `details.text` or a Bearer challenge in `diagnostics`). The people,
 * ids and values are invented.
 */

export const TENANT = '0f6c1a52-7d1e-4b8e-9a55-2f1d7e3c9b10';
export const BASE = `https://fhir-ehr-code.cerner.com/r4/${TENANT}`;
export const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.6.1000';

export function patient(id: string, mrn = '700123'): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    id,
    meta: { versionId: '3', lastUpdated: '2024-03-02T15:04:05.000Z' },
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Patient</b></p><p><b>Name</b>: QUILL, ADA</p></div>',
    },
    identifier: [
      {
        id: `CI-${id}-0`,
        use: 'usual',
        type: {
          coding: [
            {
              system: `https://fhir.cerner.com/${TENANT}/codeSet/4`,
              code: '10',
              display: 'MRN',
              userSelected: true,
            },
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              userSelected: false,
            },
          ],
          text: 'MRN',
        },
        system: MRN_SYSTEM,
        value: mrn,
        _value: {
          extension: [
            {
              valueString: mrn.padStart(11, '0'),
              url: 'http://hl7.org/fhir/StructureDefinition/rendered-value',
            },
          ],
        },
        period: { start: '2019-05-01T08:00:00.000Z' },
      },
    ],
    active: true,
    name: [
      {
        id: `CI-${id}-0`,
        use: 'official',
        text: 'QUILL, ADA',
        family: 'QUILL',
        given: ['ADA'],
        period: { start: '2019-05-01T08:00:00.000Z' },
      },
    ],
    telecom: [{ id: 'CI-PH-1-0', system: 'phone', value: '8165550142', use: 'home', rank: 1 }],
    gender: 'female',
    birthDate: '1984-02-29',
  };
}

export function encounter(id: string, patientId: string, start: string): Record<string, unknown> {
  return {
    resourceType: 'Encounter',
    id,
    meta: { versionId: '1', lastUpdated: '2024-03-02T15:04:05.000Z' },
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: `https://fhir.cerner.com/${TENANT}/codeSet/319`,
              code: '1077',
              display: 'FIN NBR',
              userSelected: true,
            },
          ],
          text: 'FIN NBR',
        },
        _system: {
          extension: [
            {
              valueCode: 'unknown',
              url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
            },
          ],
        },
        value: `FIN-${id}`,
      },
    ],
    status: 'finished',
    class: {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: 'AMB',
      display: 'ambulatory',
      userSelected: false,
    },
    subject: { reference: `Patient/${patientId}`, display: 'QUILL, ADA' },
    period: { start, end: start.replace('T08', 'T09') },
    serviceProvider: { reference: 'Organization/619848', display: 'Example Clinic' },
  };
}

export function appointment(id: string): Record<string, unknown> {
  return {
    resourceType: 'Appointment',
    id,
    meta: { versionId: '2', lastUpdated: '2023-06-01T10:00:00Z' },
    extension: [
      {
        valueBoolean: true,
        url: 'https://fhir-ehr.cerner.com/r4/StructureDefinition/is-cancelable',
      },
    ],
    status: 'booked',
    start: '2023-06-12T14:30:00Z',
    end: '2023-06-12T15:00:00Z',
    minutesDuration: 30,
    participant: [
      {
        actor: { reference: 'Patient/4400001', display: 'QUILL, ADA' },
        required: 'required',
        status: 'accepted',
      },
      { actor: { display: 'Overflow Room' }, required: 'required', status: 'accepted' },
    ],
  };
}

/** A searchset page with `search.mode: match` entries and optional next link. */
export function searchset(
  resources: Record<string, unknown>[],
  options: { self?: string; next?: string; total?: number } = {},
): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    id: '3b0f7e9e-5d8f-4b7a-8a0e-6c2d9e1f4a21',
    type: 'searchset',
    ...(options.total !== undefined ? { total: options.total } : {}),
    link: [
      { relation: 'self', url: options.self ?? `${BASE}/Search` },
      ...(options.next ? [{ relation: 'next', url: options.next }] : []),
    ],
    ...(resources.length > 0
      ? {
          entry: resources.map((r) => ({
            fullUrl: `${BASE}/${String(r.resourceType)}/${String(r.id)}`,
            resource: r,
            search: { mode: 'match' },
          })),
        }
      : {}),
  };
}

export const outcomes = {
  notFound: {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'not-found', details: { text: 'Not Found' } }],
  },
  unprocessable: {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'invalid', details: { text: 'Unprocessable entity' } }],
  },
  badRequest: {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'invalid',
        details: {
          text: 'at least one of _id, identifier, name, family, given, birthdate, phone, email, address-postalcode, or -pageContext must be provided',
        },
      },
    ],
  },
  invalidToken: {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'login',
        diagnostics: 'Bearer realm="fhir-ehr-code.cerner.com", error="invalid_token"',
        location: ['http.Authorization'],
      },
    ],
  },
  insufficientScope: {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'forbidden',
        diagnostics: 'Bearer realm="fhir-ehr-code.cerner.com", error="insufficient_scope"',
        expression: ['http.Authorization'],
      },
    ],
  },
  businessRule: {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'business-rule',
        details: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/operation-outcome',
              code: 'MSG_PARAM_INVALID',
              display: "Parameter 'Patient.name' content is invalid",
            },
          ],
        },
        diagnostics: 'Patient.name: invalid',
        expression: ['Patient.name'],
      },
    ],
  },
  required500: {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'fatal',
        code: 'required',
        details: { text: 'Required element missing' },
        location: ['/f:Encounter/f:status'],
      },
    ],
  },
  transient: {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'transient', details: { text: 'Service Unavailable' } }],
  },
} as const;
