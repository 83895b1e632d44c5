/** The MRN identifier system of Cerner's public sandbox tenant; production tenants use their own OID. */
export const DEFAULT_MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.6.1000';
/** Default note type: LOINC 11506-3 "Progress note". */
export const DEFAULT_NOTE_LOINC = { code: '11506-3', display: 'Progress note' } as const;
export const LOINC_SYSTEM = 'http://loinc.org';
export const SSN_SYSTEM = 'http://hl7.org/fhir/sid/us-ssn';
/** FHIR id rule. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** Cerner's public sandbox tenant id. */
export const SANDBOX_TENANT_ID = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
