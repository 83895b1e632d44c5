import type { Address, ContactPoint, HumanName, Patient } from 'fhir/r4.js';

/**
 * The v3 MaritalStatus system.
 *
 * @example
 * ```ts
 * maritalStatus.coding?.[0]?.system === MARITAL_STATUS_SYSTEM;
 * ```
 */
export const MARITAL_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';
/**
 * The v3 NullFlavor system (UNK, OTH, NAVU marital statuses).
 *
 * @example
 * ```ts
 * { system: NULL_FLAVOR_SYSTEM, code: 'UNK' }
 * ```
 */
export const NULL_FLAVOR_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor';

/**
 * PID-8 to `Patient.gender`: HL7 table 0001 codes (`F M O U A N`) and the display strings Cerner
 * sends instead (`Female`, `Male`, `Unknown`, `Unspecified`, …), case-insensitive.
 *
 * @example
 * ```ts
 * GENDER_MAP['MALE']; // 'male'
 * ```
 */
export const GENDER_MAP: Readonly<Record<string, Patient['gender']>> = Object.freeze({
  F: 'female',
  FEMALE: 'female',
  M: 'male',
  MALE: 'male',
  O: 'other',
  OTHER: 'other',
  A: 'other',
  AMBIGUOUS: 'other',
  N: 'other',
  'NOT APPLICABLE': 'other',
  U: 'unknown',
  UNK: 'unknown',
  UNKNOWN: 'unknown',
  UNSPECIFIED: 'unknown',
});

/**
 * `Patient.gender` to PID-8, as HL7 codes or as Cerner display strings.
 *
 * @example
 * ```ts
 * GENDER_TO_V2.display.female; // 'Female'
 * ```
 */
export const GENDER_TO_V2 = {
  code: { male: 'M', female: 'F', other: 'O', unknown: 'U' },
  display: { male: 'Male', female: 'Female', other: 'Other', unknown: 'Unknown' },
} as const;

/**
 * XPN.7 name type (table 0200) to `HumanName.use`.
 *
 * @example
 * ```ts
 * NAME_USE_MAP['L']; // 'official'
 * ```
 */
export const NAME_USE_MAP: Readonly<Record<string, HumanName['use']>> = Object.freeze({
  L: 'official',
  R: 'official',
  D: 'usual',
  M: 'maiden',
  N: 'nickname',
  TEMP: 'temp',
  NAV: 'temp',
  BAD: 'old',
  MSK: 'anonymous',
});
/**
 * `HumanName.use` to XPN.7.
 *
 * @example
 * ```ts
 * NAME_USE_TO_V2.maiden; // 'M'
 * ```
 */
export const NAME_USE_TO_V2: Readonly<Record<NonNullable<HumanName['use']>, string>> =
  Object.freeze({
    official: 'L',
    usual: 'D',
    maiden: 'M',
    nickname: 'N',
    temp: 'TEMP',
    old: 'BAD',
    anonymous: 'MSK',
  });

/**
 * XAD.7 address type (table 0190) to `Address.use` / `Address.type`.
 *
 * @example
 * ```ts
 * ADDRESS_TYPE_MAP['M']; // { type: 'postal' }
 * ```
 */
export const ADDRESS_TYPE_MAP: Readonly<
  Record<string, { use?: Address['use']; type?: Address['type'] }>
> = Object.freeze({
  H: { use: 'home' },
  B: { use: 'work' },
  O: { use: 'work' },
  C: { use: 'temp' },
  BA: { use: 'old' },
  BI: { use: 'billing' },
  M: { type: 'postal' },
  SH: { type: 'postal' },
});
/**
 * `Address.use` to XAD.7.
 *
 * @example
 * ```ts
 * ADDRESS_USE_TO_V2.work; // 'B'
 * ```
 */
export const ADDRESS_USE_TO_V2: Readonly<Record<NonNullable<Address['use']>, string>> =
  Object.freeze({
    home: 'H',
    work: 'B',
    temp: 'C',
    old: 'BA',
    billing: 'BI',
  });

/**
 * XTN.2 telecom use (table 0201) to `ContactPoint.use`.
 *
 * @example
 * ```ts
 * TELECOM_USE_MAP['WPN']; // 'work'
 * ```
 */
export const TELECOM_USE_MAP: Readonly<Record<string, ContactPoint['use']>> = Object.freeze({
  PRN: 'home',
  ORN: 'home',
  VHN: 'home',
  WPN: 'work',
  PRS: 'mobile',
  // display aliases some sites send instead of the codes (Cerner code set 43 displays)
  HOME: 'home',
  'HOME PHONE': 'home',
  BUSINESS: 'work',
  WORK: 'work',
  MOBILE: 'mobile',
  CELL: 'mobile',
  'CELL PHONE': 'mobile',
  'MOBILE PHONE': 'mobile',
});
/**
 * XTN.3 equipment type (table 0202) to `ContactPoint.system`.
 *
 * @example
 * ```ts
 * TELECOM_EQUIPMENT_MAP['FX']; // 'fax'
 * ```
 */
export const TELECOM_EQUIPMENT_MAP: Readonly<Record<string, ContactPoint['system']>> =
  Object.freeze({
    PH: 'phone',
    CP: 'phone',
    FX: 'fax',
    BP: 'pager',
    INTERNET: 'email',
    'X.400': 'email',
    MD: 'other',
    TDD: 'other',
    TTY: 'other',
    // display aliases some sites send instead of the codes
    PHONE: 'phone',
    TELEPHONE: 'phone',
    CELL: 'phone',
    MOBILE: 'phone',
    FAX: 'fax',
    PAGER: 'pager',
    BEEPER: 'pager',
    EMAIL: 'email',
    'E-MAIL': 'email',
    'INTERNET ADDRESS': 'email',
  });

/** @internal XTN.3 values (codes and display aliases) that mean a mobile phone. */
export const MOBILE_EQUIPMENT: ReadonlySet<string> = new Set(['CP', 'CELL', 'MOBILE']);

/**
 * PID-16 (table 0002 codes and common display strings) to v3 MaritalStatus, per the v2-to-FHIR IG:
 * A→L, D, M, S, W, C, G/P/R→T, E→L, N→A, B→U, U→UNK, O→OTH, T→NAVU, and I (interlocutory; a
 * later table 0002 code). v3 P (polygamous) has no table 0002 code: it travels as the text
 * `Polygamous`.
 *
 * @example
 * ```ts
 * MARITAL_STATUS_MAP['MARRIED']; // 'M'
 * ```
 */
export const MARITAL_STATUS_MAP: Readonly<Record<string, string>> = Object.freeze({
  A: 'L',
  D: 'D',
  M: 'M',
  S: 'S',
  W: 'W',
  C: 'C',
  G: 'T',
  P: 'T',
  R: 'T',
  E: 'L',
  N: 'A',
  B: 'U',
  U: 'UNK',
  O: 'OTH',
  T: 'NAVU',
  I: 'I',
  MARRIED: 'M',
  SINGLE: 'S',
  'NEVER MARRIED': 'S',
  DIVORCED: 'D',
  WIDOWED: 'W',
  SEPARATED: 'L',
  'LEGALLY SEPARATED': 'L',
  'DOMESTIC PARTNER': 'T',
  INTERLOCUTORY: 'I',
  POLYGAMOUS: 'P',
  UNKNOWN: 'UNK',
});
/**
 * Display names of the v3 MaritalStatus (and NullFlavor) codes used above.
 *
 * @example
 * ```ts
 * MARITAL_STATUS_DISPLAY['S']; // 'Never Married'
 * ```
 */
export const MARITAL_STATUS_DISPLAY: Readonly<Record<string, string>> = Object.freeze({
  A: 'Annulled',
  C: 'Common Law',
  D: 'Divorced',
  I: 'Interlocutory',
  L: 'Legally Separated',
  M: 'Married',
  P: 'Polygamous',
  S: 'Never Married',
  T: 'Domestic partner',
  U: 'unmarried',
  W: 'Widowed',
  UNK: 'unknown',
  OTH: 'other',
  NAVU: 'not available',
});
/**
 * v3 MaritalStatus back to table 0002 (P polygamous has none; see {@link MARITAL_STATUS_MAP}).
 *
 * @example
 * ```ts
 * MARITAL_STATUS_TO_V2['T']; // 'P'
 * ```
 */
export const MARITAL_STATUS_TO_V2: Readonly<Record<string, string>> = Object.freeze({
  M: 'M',
  S: 'S',
  D: 'D',
  W: 'W',
  C: 'C',
  L: 'A',
  T: 'P',
  A: 'N',
  U: 'B',
  UNK: 'U',
  OTH: 'O',
  NAVU: 'T',
  I: 'I',
});

/**
 * ISO 639-2 (three-letter, as PID-15 usually carries) to BCP-47 for common languages.
 *
 * @example
 * ```ts
 * LANGUAGE_TO_BCP47['SPA']; // 'es'
 * ```
 */
export const LANGUAGE_TO_BCP47: Readonly<Record<string, string>> = Object.freeze({
  ENG: 'en',
  SPA: 'es',
  FRE: 'fr',
  FRA: 'fr',
  GER: 'de',
  DEU: 'de',
  ITA: 'it',
  POR: 'pt',
  CHI: 'zh',
  ZHO: 'zh',
  VIE: 'vi',
  KOR: 'ko',
  JPN: 'ja',
  RUS: 'ru',
  ARA: 'ar',
  HIN: 'hi',
  POL: 'pl',
  TGL: 'tl',
});
