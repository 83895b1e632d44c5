import type {
  Address,
  CodeableConcept,
  ContactPoint,
  Extension,
  HumanName,
  Identifier,
  Patient,
  Period,
} from 'fhir/r4.js';
import type { Hl7Message } from '../codec/message.js';
import type { Hl7Segment } from '../codec/segment.js';
import { hl7ToFhirDateTime, parseHl7DateTime } from '../datetime.js';
import {
  ADDRESS_TYPE_MAP,
  GENDER_MAP,
  LANGUAGE_TO_BCP47,
  MARITAL_STATUS_DISPLAY,
  MARITAL_STATUS_MAP,
  MARITAL_STATUS_SYSTEM,
  MOBILE_EQUIPMENT,
  NAME_USE_MAP,
  NULL_FLAVOR_SYSTEM,
  TELECOM_EQUIPMENT_MAP,
  TELECOM_USE_MAP,
} from './code-maps.js';
import {
  findIdentifierMapping,
  identifierType,
  systemFromHd,
  US_SSN_SYSTEM,
  type IdentifierSystemMap,
} from './identifier-systems.js';

/**
 * Options of {@link pidToPatient} (and {@link parseAdrA19}).
 *
 * @example
 * ```ts
 * pidToPatient(pid, msg, { genderMap: { X: 'other' } });
 * ```
 */
export interface PidToPatientOptions {
  /** The site's identifier rows, tried before the built-in ones. */
  identifierSystems?: IdentifierSystemMap;
  /** Cerner tenant id: adds Cerner code set codings to identifier types. */
  tenantId?: string;
  /**
   * Offset (minutes east of UTC) of times that carry none. Default: the offset of MSH-7, if it
   * has one; otherwise such date-times are reduced to their date (FHIR needs an offset).
   */
  defaultTimezoneOffsetMinutes?: number;
  /** Extra PID-8 values (upper case) to `Patient.gender`, consulted before the built-in map. */
  genderMap?: Readonly<Record<string, Patient['gender']>>;
}

const BIRTH_TIME = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';
const MOTHERS_MAIDEN_NAME = 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName';

/** @internal A FHIR system for a coding-system name in CE.3/CWE.3. */
export function codingSystemUri(name: string): string | undefined {
  const n = name.toUpperCase();
  const table = /^HL7(\d{4})$/.exec(n);
  if (table) return `http://terminology.hl7.org/CodeSystem/v2-${table[1]}`;
  if (n === 'LN') return 'http://loinc.org';
  if (n === 'SCT' || n === 'SNM') return 'http://snomed.info/sct';
  if (n === 'I10' || n === 'ICD10') return 'http://hl7.org/fhir/sid/icd-10';
  if (n === 'RXNORM') return 'http://www.nlm.nih.gov/research/umls/rxnorm';
  return undefined;
}

function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) {
    const v = o[k];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete o[k];
  }
  return o;
}

function periodOf(start: string, end: string, o: PidToPatientOptions): Period | undefined {
  const p: Period = compact({
    start: hl7ToFhirDateTime(start, o.defaultTimezoneOffsetMinutes),
    end: hl7ToFhirDateTime(end, o.defaultTimezoneOffsetMinutes),
  });
  return p.start || p.end ? p : undefined;
}

/**
 * The non-empty repetitions of a field with a reader `at(component, subcomponent?)` that gives
 * `''` for absent positions. Built on {@link Hl7Segment.repetitions}: one split per field, so
 * reading every repetition is linear in the field's length.
 */
function repsOf(
  seg: Hl7Segment,
  field: number,
): { index: number; at: (c: number, s?: number) => string }[] {
  if (!seg.getRaw(field)) return [];
  return seg.repetitions(field).map((rep, index) => ({
    index,
    at: (c: number, s?: number): string => rep.text(c, s),
  }));
}

function identifiers(pid: Hl7Segment, o: PidToPatientOptions): Identifier[] {
  const out: Identifier[] = [];
  const seen = new Set<string>();
  const add = (id: Identifier): void => {
    const key = `${id.system ?? ''}|${id.type?.text ?? ''}|${id.value ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(id);
    }
  };
  for (const field of [3, 2, 4]) {
    for (const { at } of repsOf(pid, field)) {
      const value = at(1);
      if (!value) continue;
      const typeCode = at(5);
      const authority = at(4, 1);
      const sent = systemFromHd(at(4, 2), at(4, 3));
      let row = findIdentifierMapping(typeCode, authority, o.identifierSystems);
      // A system sent in CX.4.2/CX.4.3 wins over a row that names another one.
      if (sent && row?.system && row.system !== sent) row = undefined;
      const id: Identifier = {};
      if (row?.use) id.use = row.use;
      const type = identifierType(typeCode, row, o.tenantId);
      if (type) id.type = type;
      const system = sent ?? row?.system;
      if (system) id.system = system;
      id.value = value;
      const period = periodOf(at(7), at(8), o);
      if (period) id.period = period;
      if (authority) id.assigner = { display: authority };
      add(id);
    }
  }
  const ssn = pid.get(19);
  if (ssn && !out.some((i) => i.system === US_SSN_SYSTEM && i.value === ssn)) {
    add({ type: identifierType('SS', undefined), system: US_SSN_SYSTEM, value: ssn });
  }
  return out;
}

function names(pid: Hl7Segment, field: number, o: PidToPatientOptions): HumanName[] {
  const out: HumanName[] = [];
  for (const { at } of repsOf(pid, field)) {
    const given = [at(2), at(3)].filter(Boolean);
    const suffix = [at(4), at(6), at(14)].filter(Boolean);
    const name: HumanName = compact({
      use: NAME_USE_MAP[at(7).toUpperCase()],
      family: at(1, 1),
      given,
      prefix: at(5) ? [at(5)] : undefined,
      suffix,
      // XPN.12/13 (v2.5+), else the XPN.10 validity range (v2.4, `start&end`).
      period: periodOf(at(12) || at(10, 1), at(13) || at(10, 2), o),
    });
    if (name.family || name.given) out.push(name);
  }
  return out;
}

function addresses(pid: Hl7Segment, o: PidToPatientOptions): Address[] {
  const out: Address[] = [];
  const county = pid.get(12) ?? '';
  for (const { index, at } of repsOf(pid, 11)) {
    const kind = ADDRESS_TYPE_MAP[at(7).toUpperCase()] ?? {};
    const address: Address = compact({
      use: kind.use,
      type: kind.type,
      // XAD.2 may hold several lines (hex-escaped line breaks between them).
      line: [at(1, 1), ...at(2).split(/\r\n|\r|\n/)].filter(Boolean),
      city: at(3),
      district: at(9) || (index === 0 ? county : ''),
      state: at(4),
      postalCode: at(5),
      country: at(6),
      // XAD.13/14 (v2.5+), else the XAD.12 validity range (v2.4, `start&end`).
      period: periodOf(at(13) || at(12, 1), at(14) || at(12, 2), o),
    });
    if (address.line || address.city || address.state || address.postalCode || address.country) {
      out.push(address);
    }
  }
  return out;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * PID-13/14 repetitions to ContactPoints. Nothing is dropped without a trace: a repetition that
 * carries both a number (XTN.1/XTN.12, or XTN.5-8) and an email (XTN.4) gives two ContactPoints;
 * display aliases in XTN.2/XTN.3 (`Home`, `Business`, `Cell`, `Email` …) are read like the codes;
 * a repetition with neither number nor address but a text (XTN.9) gives `system: 'other'`.
 */
function telecoms(pid: Hl7Segment, o: PidToPatientOptions): ContactPoint[] {
  const out: ContactPoint[] = [];
  for (const [field, defaultUse] of [
    [13, 'home'],
    [14, 'work'],
  ] as const) {
    for (const { at } of repsOf(pid, field)) {
      const useCode = at(2).toUpperCase();
      const equipment = at(3).toUpperCase();
      const mapped = TELECOM_EQUIPMENT_MAP[equipment];
      const emailish = mapped === 'email' || useCode === 'NET';
      // XTN.1 is an address when it looks like one or the repetition is an email one without XTN.4
      const first = at(1);
      const firstIsAddress = first.includes('@') || URL_LIKE.test(first) || (emailish && !at(4));
      const addresses = [at(4), firstIsAddress ? first : ''].filter(Boolean);
      const built =
        [at(5) && `+${at(5)}`, at(6), at(7)].filter(Boolean).join(' ') +
        (at(8) ? ` X${at(8)}` : '');
      const number = at(12) || (firstIsAddress ? '' : first) || built;
      const use = MOBILE_EQUIPMENT.has(equipment)
        ? 'mobile'
        : (TELECOM_USE_MAP[useCode] ?? defaultUse);
      const rank = Number(at(18));
      const common = {
        use,
        rank: Number.isInteger(rank) && rank > 0 ? rank : undefined,
        period: periodOf(at(13), at(14), o),
      };
      if (number) {
        const system = mapped && mapped !== 'email' ? mapped : 'phone';
        out.push(compact({ system, value: number, ...common }));
      }
      for (const address of new Set(addresses)) {
        // An Internet address that is a URL (`scheme://…`) rather than a mailbox.
        const system = URL_LIKE.test(address) ? 'url' : 'email';
        out.push(compact({ system, value: address, ...common }));
      }
      if (!number && addresses.length === 0 && at(9)) {
        out.push(compact({ system: 'other', value: at(9), ...common }));
      }
    }
  }
  return out;
}

function maritalStatus(pid: Hl7Segment): CodeableConcept | undefined {
  const code = pid.get('16.1') ?? '';
  const text = pid.get('16.2') ?? '';
  if (!code && !text) return undefined;
  const v3 = MARITAL_STATUS_MAP[code.toUpperCase()] ?? MARITAL_STATUS_MAP[text.toUpperCase()];
  if (!v3) return { text: text || code };
  const system =
    v3 === 'UNK' || v3 === 'OTH' || v3 === 'NAVU' ? NULL_FLAVOR_SYSTEM : MARITAL_STATUS_SYSTEM;
  return compact({
    coding: [{ system, code: v3, display: MARITAL_STATUS_DISPLAY[v3] }],
    text: text || undefined,
  });
}

function language(pid: Hl7Segment): Patient['communication'] {
  const code = pid.get('15.1') ?? '';
  const display = pid.get('15.2') ?? '';
  if (!code && !display) return undefined;
  const coding = [];
  const bcp47 =
    LANGUAGE_TO_BCP47[code.toUpperCase()] ??
    (/^[a-z]{2}(-[A-Za-z]{2})?$/.test(code) ? code : undefined);
  if (bcp47) {
    coding.push(compact({ system: 'urn:ietf:bcp:47', code: bcp47, display: display || undefined }));
  }
  const system = codingSystemUri(pid.get('15.3') ?? '');
  if (code && (system || !bcp47)) {
    coding.push(compact({ system, code, display: display || undefined }));
  }
  return [{ language: compact({ coding, text: display || undefined }) }];
}

/**
 * Maps a PID segment to a FHIR R4 Patient following the HL7 v2-to-FHIR IG (see the package
 * README for the table): identifiers from PID-3 (then PID-2, PID-4) through the per-site
 * identifier table, PID-19 as a US SSN, names (PID-5, PID-9), birth date and time (PID-7),
 * gender (codes and Cerner display strings), addresses (PID-11), telecoms (PID-13/14),
 * language (PID-15), marital status (PID-16), multiple birth (PID-24/25), deceased (PID-29/30),
 * mother's maiden name (PID-6). PID-18 (account / FIN) is not a Patient field and is not mapped.
 *
 * @param pid - the PID segment
 * @param message - the message it belongs to (its MSH-7 offset is the default for times without one)
 * @param options - identifier table, tenant, time zone, extra gender codes
 * @returns the Patient (no `id`)
 * @example
 * ```ts
 * const msg = parseHl7(adrText);
 * const patient = pidToPatient(msg.segment('PID')!, msg, { tenantId });
 * patient.identifier?.[0]; // { use: 'usual', type: …, system: 'urn:oid:2.16.840.1.113883.6.1000', value: '7654321', … }
 * ```
 */
export function pidToPatient(
  pid: Hl7Segment,
  message?: Hl7Message,
  options: PidToPatientOptions = {},
): Patient {
  const o: PidToPatientOptions = {
    ...options,
    defaultTimezoneOffsetMinutes:
      options.defaultTimezoneOffsetMinutes ??
      (message ? parseHl7DateTime(message.get('MSH-7') ?? '')?.offsetMinutes : undefined),
  };
  const patient: Patient = { resourceType: 'Patient' };
  const extension: Extension[] = [];
  const mothersMaiden = pid.get('6.1.1');
  if (mothersMaiden) extension.push({ url: MOTHERS_MAIDEN_NAME, valueString: mothersMaiden });
  if (extension.length) patient.extension = extension;

  const ids = identifiers(pid, o);
  if (ids.length) patient.identifier = ids;
  const name = [...names(pid, 5, o), ...names(pid, 9, o)];
  if (name.length) patient.name = name;
  const tel = telecoms(pid, o);
  if (tel.length) patient.telecom = tel;

  const sexCode = (pid.get('8.1') ?? '').trim().toUpperCase();
  const gender = options.genderMap?.[sexCode] ?? GENDER_MAP[sexCode];
  if (gender) patient.gender = gender;

  const birth = parseHl7DateTime(pid.get('7.1') ?? '');
  if (birth) {
    patient.birthDate = birth.iso.slice(0, 10);
    const time = birth.iso.includes('T')
      ? hl7ToFhirDateTime(pid.get('7.1') ?? '', o.defaultTimezoneOffsetMinutes)
      : undefined;
    if (time?.includes('T')) {
      patient._birthDate = { extension: [{ url: BIRTH_TIME, valueDateTime: time }] };
    }
  }

  const deceasedAt = hl7ToFhirDateTime(pid.get('29.1') ?? '', o.defaultTimezoneOffsetMinutes);
  const deceasedFlag = (pid.get(30) ?? '').toUpperCase();
  if (deceasedAt) patient.deceasedDateTime = deceasedAt;
  else if (deceasedFlag === 'Y' || deceasedFlag === 'N') {
    patient.deceasedBoolean = deceasedFlag === 'Y';
  }

  const addr = addresses(pid, o);
  if (addr.length) patient.address = addr;
  const marital = maritalStatus(pid);
  if (marital) patient.maritalStatus = marital;

  const order = Number(pid.get(25));
  const multiple = (pid.get(24) ?? '').toUpperCase();
  if (Number.isInteger(order) && order > 0) patient.multipleBirthInteger = order;
  else if (multiple === 'Y' || multiple === 'N') patient.multipleBirthBoolean = multiple === 'Y';

  const communication = language(pid);
  if (communication) patient.communication = communication;
  return patient;
}
