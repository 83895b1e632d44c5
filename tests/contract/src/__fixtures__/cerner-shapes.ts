/**
 * Cerner wire shapes written for these tests in the form of Cerner's captured payloads
 * (fhir.cerner.com examples and 2025-2026 sandbox captures). Values are placeholders; the
 * fidelity suite compares structure (keys, value types, literal codes), not data.
 */
export const tokenSuccess = {
  access_token: 'x',
  scope: 'system/Patient.read',
  token_type: 'Bearer',
  expires_in: 570,
};

export const tokenError = {
  error: 'invalid_scope',
  error_uri:
    'https://authorization.cerner.com/errors/urn%3Acerner%3Aerror%3Aauthorization-server%3Aoauth2%3Atoken%3Aempty-scopes/instances/00000000-0000-0000-0000-000000000000?client=c&tenant=t',
};

export const notFound = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'not-found', details: { text: 'Not Found' } }],
};

export const missingSearchParam = {
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
};

export const invalidToken = {
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'error',
      code: 'login',
      diagnostics: 'Bearer realm="fhir-ehr-code.cerner.com", error="invalid_token"',
      location: ['http.Authorization'],
    },
  ],
};

export const insufficientScope = {
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'error',
      code: 'forbidden',
      diagnostics: 'Bearer realm="fhir-ehr-code.cerner.com", error="insufficient_scope"',
      expression: ['http.Authorization'],
    },
  ],
};

export const identifierNoMatch = {
  resourceType: 'Bundle',
  id: '5247b46a-db9f-4db6-9185-cd77928d031d',
  type: 'searchset',
  total: 0,
  link: [
    {
      relation: 'self',
      url: 'https://fhir-ehr-code.cerner.com/r4/t/Patient?identifier=urn%3Aoid%3A2.16.840.1.113883.6.1000%7C1',
    },
  ],
};

export const identifierMatch = {
  resourceType: 'Bundle',
  id: '908f1999-5eb7-41db-a9b8-431baeb84e06',
  type: 'searchset',
  total: 1,
  link: [{ relation: 'self', url: 'https://x' }],
  entry: [
    {
      fullUrl: 'https://x/Patient/1',
      resource: { resourceType: 'Patient', id: '1' },
      search: { mode: 'match' },
    },
  ],
};

export const pagedEncounterLinks = {
  self: /Encounter\?patient=\d+$/,
  next: /Encounter\?patient=\d+&-pageContext=[^&]+&-pageDirection=NEXT$/,
};

/** Header names on Cerner's 201 create response. */
export const createHeaders = [
  'location',
  'etag',
  'last-modified',
  'x-request-id',
  'opc-request-id',
  'vary',
  'cache-control',
];

/** A 422 for a body that breaks a business rule (shape of Cerner's 2025 DocumentReference 422). */
export const unprocessable = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'invalid', details: { text: 'Unprocessable entity' } }],
};

/** What Cerner's 201 create responses carry besides the header names above. */
export const createResponse = {
  contentType: 'text/html',
  /** Patient starts at version 0, DocumentReference at 1 (fhir.cerner.com examples). */
  etag: { Patient: 'W/"0"', DocumentReference: 'W/"1"' },
  location: /^https?:\/\/[^/]+\/r4\/[^/]+\/(Patient|DocumentReference)\/\d+$/,
};

/** The Bearer challenge on 401 / 403: the same string in `WWW-Authenticate` and `diagnostics`. */
export const bearerChallenge = {
  invalidToken: /^Bearer realm="[^"]+", error="invalid_token"$/,
  insufficientScope: /^Bearer realm="[^"]+", error="insufficient_scope"/,
};
