import { cernerCodeSetSystem } from '@cerner-kit/core';

/**
 * Cerner facts the actions rely on (fhir.cerner.com R4 docs; see the package README).
 */

// The sandbox tenant id and its MRN system are core's (the client and the mock share them),
// re-exported here because they are part of this package's public API.
export { DEFAULT_MRN_SYSTEM, SANDBOX_TENANT_ID } from '@cerner-kit/core';

/**
 * Default clinical-note type: LOINC 11506-3 "Progress note".
 *
 * @example
 * ```ts
 * client.createClinicalNote({ patientId, encounterId, text, loincCode: DEFAULT_NOTE_LOINC.code });
 * ```
 */
export const DEFAULT_NOTE_LOINC = { code: '11506-3', display: 'Progress note' } as const;

/** @internal */
export const LOINC_SYSTEM = 'http://loinc.org';
/** @internal */
export const SSN_SYSTEM = 'http://hl7.org/fhir/sid/us-ssn';
/** @internal */
export const V2_0203_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** The FHIR id rule: what Cerner accepts in `{type}/{id}`. @internal */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Cerner's create rules the builders and schemas enforce (patient.yaml / document_reference.yaml).
 * @internal
 */
export const CERNER_LIMITS = {
  /** family, each given, prefix, suffix, telecom value, address line/city/district/state/country */
  text: 100,
  postalCode: 25,
  /** Cerner keeps at most two given names; further ones are joined into the second. */
  givenNames: 2,
} as const;

/** Content types Cerner accepts for a note's text, always sent with `;charset=utf-8`. @internal */
export const NOTE_CONTENT_TYPES = ['text/plain', 'text/html'] as const;

/**
 * Cerner's proprietary document types (event codes, code set 72) as a coding system of a tenant.
 *
 * @param tenantId - the tenant id (the last segment of the FHIR base URL)
 * @returns `https://fhir.cerner.com/{tenantId}/codeSet/72`
 * @example
 * ```ts
 * codeSet72System('ec2458f2-1e24-41c8-b71b-0e701af7583d');
 * ```
 */
export function codeSet72System(tenantId: string): string {
  return cernerCodeSetSystem(tenantId, 72);
}
