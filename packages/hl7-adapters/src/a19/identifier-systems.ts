import { cernerCodeSetSystem, DEFAULT_MRN_SYSTEM } from '@cerner-kit/core';
import type { CodeableConcept, Coding, Identifier } from 'fhir/r4.js';

// Cerner's sandbox MRN system is core's (shared with the FHIR client and the mock), re-exported
// here because it is part of this package's public API.
export { DEFAULT_MRN_SYSTEM } from '@cerner-kit/core';

/**
 * The FHIR system for US Social Security numbers.
 *
 * @example
 * ```ts
 * { system: US_SSN_SYSTEM, value: '123-45-6789' }
 * ```
 */
export const US_SSN_SYSTEM = 'http://hl7.org/fhir/sid/us-ssn';
/**
 * HL7 table 0203 (identifier type) as a FHIR code system.
 *
 * @example
 * ```ts
 * { system: V2_0203_SYSTEM, code: 'MR' }
 * ```
 */
export const V2_0203_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/**
 * One row of a per-site identifier table: which PID-3 repetitions it matches (by CX.5 identifier
 * type code and/or CX.4.1 assigning authority, case-insensitive) and what FHIR identifier they
 * become. Used in both directions (PID to Patient and Patient to PID).
 *
 * @example
 * ```ts
 * const row: IdentifierMapping = { assigningAuthority: 'NORTHWIND_MRN', system: 'urn:oid:1.2.3.4', v2Type: 'MR' };
 * ```
 */
export interface IdentifierMapping {
  /** Matches CX.5, e.g. Cerner's `MRN`, `CMRN`, `FIN NBR`, `SSN`, or HL7's `MR`. */
  typeCode?: string;
  /** Matches CX.4.1 (the alias pool display at Cerner sites, e.g. `BAYSTATE_MRN`). */
  assigningAuthority?: string;
  /** FHIR `Identifier.system`; omitted when unknown (Cerner sends FINs without one). */
  system?: string;
  /** v2-0203 code for `type.coding` (`MR`, `AN`, `SS`, `PI`, …). */
  v2Type?: string;
  /** A Cerner code set coding for `type.coding`, emitted when a `tenantId` is given. */
  cernerType?: { codeSet: number; code: string; display: string };
  /** `Identifier.use`. */
  use?: Identifier['use'];
}

/**
 * A per-site identifier table: rows are tried in order, the first match wins.
 *
 * @example
 * ```ts
 * const site: IdentifierSystemMap = [{ typeCode: 'FIN NBR', system: 'urn:oid:5.5.5.5.5.5.', v2Type: 'AN' }];
 * ```
 */
export type IdentifierSystemMap = readonly IdentifierMapping[];

const MRN_CERNER = { codeSet: 4, code: '10', display: 'MRN' };
const CMRN_CERNER = { codeSet: 4, code: '2', display: 'Community Medical Record Number' };
const FIN_CERNER = { codeSet: 319, code: '1077', display: 'FIN NBR' };

/**
 * The built-in rows, consulted after the site's own: Cerner alias types (`MRN`, `CMRN`,
 * `FIN NBR`, `SSN`) and the HL7 codes (`MR`, `AN`, `SS`). MRN and CMRN systems are the public
 * sandbox's; pass your tenant's rows to override them.
 *
 * @example
 * ```ts
 * parseAdrA19(text, { identifierSystems: [{ typeCode: 'MRN', system: 'urn:oid:1.2.3.4', v2Type: 'MR' }] });
 * ```
 */
export const DEFAULT_IDENTIFIER_SYSTEMS: IdentifierSystemMap = Object.freeze([
  {
    typeCode: 'MRN',
    system: DEFAULT_MRN_SYSTEM,
    v2Type: 'MR',
    cernerType: MRN_CERNER,
    use: 'usual',
  },
  {
    typeCode: 'MR',
    system: DEFAULT_MRN_SYSTEM,
    v2Type: 'MR',
    cernerType: MRN_CERNER,
    use: 'usual',
  },
  {
    typeCode: 'CMRN',
    system: 'urn:oid:2.16.840.1.113883.3.787.0.0',
    v2Type: 'MR',
    cernerType: CMRN_CERNER,
  },
  { typeCode: 'FIN NBR', v2Type: 'AN', cernerType: FIN_CERNER },
  { typeCode: 'FIN', v2Type: 'AN', cernerType: FIN_CERNER },
  { typeCode: 'SSN', system: US_SSN_SYSTEM, v2Type: 'SS' },
  { typeCode: 'SS', system: US_SSN_SYSTEM, v2Type: 'SS' },
  { typeCode: 'AN', v2Type: 'AN' },
]);

const V2_0203_DISPLAY: Record<string, string> = {
  MR: 'Medical record number',
  AN: 'Account number',
  SS: 'Social Security number',
  PI: 'Patient internal identifier',
  PT: 'Patient external identifier',
  MB: 'Member number',
  DL: "Driver's license number",
  PPN: 'Passport number',
  NI: 'National unique individual identifier',
  PN: 'Person number',
  PRN: 'Provider number',
  NPI: 'National provider identifier',
  U: 'Unspecified identifier',
};

const eq = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.toUpperCase() === b.toUpperCase();

/**
 * Finds the row for a PID-3 repetition: site rows first, then {@link DEFAULT_IDENTIFIER_SYSTEMS}.
 * A row matches when every criterion it has matches.
 *
 * @param typeCode - CX.5
 * @param authority - CX.4.1
 * @param site - the site's rows
 * @returns the row, or undefined
 * @example
 * ```ts
 * findIdentifierMapping('FIN NBR', 'FIN')?.v2Type; // 'AN'
 * ```
 */
export function findIdentifierMapping(
  typeCode: string,
  authority: string,
  site: IdentifierSystemMap = [],
): IdentifierMapping | undefined {
  for (const row of [...site, ...DEFAULT_IDENTIFIER_SYSTEMS]) {
    if (row.typeCode === undefined && row.assigningAuthority === undefined) continue;
    if (row.typeCode !== undefined && !eq(typeCode, row.typeCode)) continue;
    if (row.assigningAuthority !== undefined && !eq(authority, row.assigningAuthority)) continue;
    return row;
  }
  return undefined;
}

/**
 * The row to use when writing a FHIR identifier back to PID-3: matched by system (and v2 type
 * code when the identifier has one).
 *
 * @param identifier - the FHIR identifier
 * @param site - the site's rows
 * @returns the row, or undefined
 * @example
 * ```ts
 * findMappingForIdentifier({ system: DEFAULT_MRN_SYSTEM, value: '1' })?.typeCode; // 'MRN'
 * ```
 */
export function findMappingForIdentifier(
  identifier: Identifier,
  site: IdentifierSystemMap = [],
): IdentifierMapping | undefined {
  const v2 = identifier.type?.coding?.find((c) => c.system === V2_0203_SYSTEM)?.code;
  const rows = [...site, ...DEFAULT_IDENTIFIER_SYSTEMS];
  if (identifier.system) {
    return (
      rows.find((r) => r.system === identifier.system && (v2 === undefined || r.v2Type === v2)) ??
      rows.find((r) => r.system === identifier.system)
    );
  }
  return v2 === undefined ? undefined : rows.find((r) => r.system === undefined && r.v2Type === v2);
}

/**
 * The FHIR `Identifier.type` for a row or a raw CX.5 code: the Cerner code set coding (with a
 * tenant id), the v2-0203 coding, and the original code as text. A Millennium `CD:<n>` code is
 * kept as a local coding.
 *
 * @param typeCode - CX.5 as sent
 * @param row - the matched row, if any
 * @param tenantId - Cerner tenant, for the code set coding system URL
 * @returns the type, or undefined when there is nothing to say
 * @example
 * ```ts
 * identifierType('MRN', findIdentifierMapping('MRN', ''), 'ec2458f2-…');
 * ```
 */
export function identifierType(
  typeCode: string,
  row: IdentifierMapping | undefined,
  tenantId?: string,
): CodeableConcept | undefined {
  const coding: Coding[] = [];
  if (row?.cernerType && tenantId) {
    const { codeSet, code, display } = row.cernerType;
    coding.push({
      system: cernerCodeSetSystem(tenantId, codeSet),
      code,
      display,
    });
  }
  const v2 =
    row?.v2Type ?? (V2_0203_DISPLAY[typeCode.toUpperCase()] ? typeCode.toUpperCase() : undefined);
  if (v2) coding.push({ system: V2_0203_SYSTEM, code: v2, display: V2_0203_DISPLAY[v2] ?? v2 });
  if (/^CD:\d+$/.test(typeCode)) coding.push({ code: typeCode });
  if (coding.length === 0 && !typeCode) return undefined;
  const type: CodeableConcept = {};
  if (coding.length > 0) type.coding = coding;
  if (typeCode) type.text = typeCode;
  return type;
}

/**
 * A FHIR system URI from an HD (CX.4) universal id and its type: `ISO` gives `urn:oid:…`,
 * `UUID` gives `urn:uuid:…`, `URI` the value itself.
 *
 * @param universalId - HD.2
 * @param universalIdType - HD.3
 * @returns the URI, or undefined
 * @example
 * ```ts
 * systemFromHd('2.16.840.1.113883.4.6', 'ISO'); // 'urn:oid:2.16.840.1.113883.4.6'
 * ```
 */
export function systemFromHd(universalId: string, universalIdType: string): string | undefined {
  if (!universalId) return undefined;
  switch (universalIdType.toUpperCase()) {
    case 'ISO':
      return `urn:oid:${universalId}`;
    case 'UUID':
      return `urn:uuid:${universalId.toLowerCase()}`;
    case 'URI':
      return universalId;
    default:
      return undefined;
  }
}
