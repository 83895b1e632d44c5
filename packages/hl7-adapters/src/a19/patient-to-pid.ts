import type { Identifier, Patient } from 'fhir/r4.js';
import { DEFAULT_DELIMITERS, type Hl7Delimiters } from '../codec/delimiters.js';
import { encodeComponents, encodeRepetitions, type Hl7ComponentValue } from '../codec/encode.js';
import { escapeHl7 } from '../codec/escape.js';
import type { Hl7Message } from '../codec/message.js';
import type { Hl7Segment } from '../codec/segment.js';
import { formatHl7DateTime } from '../datetime.js';
import {
  ADDRESS_USE_TO_V2,
  GENDER_TO_V2,
  MARITAL_STATUS_TO_V2,
  NAME_USE_TO_V2,
} from './code-maps.js';
import {
  findMappingForIdentifier,
  US_SSN_SYSTEM,
  V2_0203_SYSTEM,
  type IdentifierSystemMap,
} from './identifier-systems.js';

/**
 * Options of {@link patientToPid}.
 *
 * @example
 * ```ts
 * patientToPid(patient, { genderStyle: 'display', setId: '2' });
 * ```
 */
export interface PatientToPidOptions {
  /** Delimiters of the target message (default `|^~\&`). */
  delimiters?: Hl7Delimiters;
  /** The site's identifier rows (matched by system), tried before the built-in ones. */
  identifierSystems?: IdentifierSystemMap;
  /** PID-1 set id, default `1`. */
  setId?: string;
  /** PID-8 as HL7 codes (`M`, default) or as Cerner display strings (`Male`). */
  genderStyle?: 'code' | 'display';
}

const BIRTH_TIME = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';

function cxFor(id: Identifier, o: PatientToPidOptions, d: Hl7Delimiters): string | undefined {
  if (!id.value) return undefined;
  const row = findMappingForIdentifier(id, o.identifierSystems);
  const typeCode =
    row?.typeCode ??
    id.type?.coding?.find((c) => c.system === V2_0203_SYSTEM)?.code ??
    id.type?.text ??
    '';
  const oid = id.system?.startsWith('urn:oid:') ? id.system.slice(8) : undefined;
  const authority: Hl7ComponentValue[] = [
    row?.assigningAuthority ?? id.assigner?.display ?? '',
    oid ?? '',
    oid ? 'ISO' : '',
  ];
  return encodeComponents([id.value, '', '', authority, typeCode], d);
}

function date(value: string | undefined, withTime: boolean): string {
  if (!value) return '';
  if (!withTime || !value.includes('T')) return value.slice(0, 10).replace(/-/g, '');
  const seconds = /T\d{2}:\d{2}:\d{2}/.test(value);
  return formatHl7DateTime(value, { precision: seconds ? 'second' : 'minute' });
}

/**
 * The inverse of {@link pidToPatient}, enough to answer an A19 from a FHIR Patient: PID-3
 * identifiers with type codes (through the identifier table; OID systems also go to CX.4 as
 * `&oid&ISO`), PID-5 names, PID-7 birth date (with the birth-time extension when present),
 * PID-8 gender, PID-11 addresses, PID-13 home / PID-14 work telecoms (emails as `^NET^Internet^addr`),
 * PID-15 language, PID-16 marital status, PID-19 SSN, PID-29/30 deceased.
 *
 * @param patient - the FHIR Patient
 * @param options - delimiters, identifier table, set id, gender style
 * @returns escaped ER7 field texts: element 0 is PID-1, element n-1 is PID-n
 * @example
 * ```ts
 * const msg = createHl7Message();
 * const pid = msg.addSegment('PID');
 * patientToPid(patient).forEach((raw, i) => { if (raw) pid.setRaw(i + 1, raw); });
 * ```
 */
export function patientToPid(patient: Patient, options: PatientToPidOptions = {}): string[] {
  const d = options.delimiters ?? DEFAULT_DELIMITERS;
  const fields: string[] = new Array<string>(30).fill('');
  const put = (n: number, raw: string): void => {
    fields[n - 1] = raw;
  };
  put(1, escapeHl7(options.setId ?? '1', d));

  const ids = (patient.identifier ?? []).filter((i) => i.system !== US_SSN_SYSTEM);
  put(
    3,
    encodeRepetitions(
      ids.map((i) => cxFor(i, options, d)).filter((x): x is string => x !== undefined),
      d,
    ),
  );
  const ssn = patient.identifier?.find((i) => i.system === US_SSN_SYSTEM)?.value;
  if (ssn) put(19, escapeHl7(ssn, d));

  put(
    5,
    encodeRepetitions(
      (patient.name ?? []).map((n) =>
        encodeComponents(
          [
            n.family ?? (n.given ? '' : n.text),
            n.given?.[0],
            n.given?.slice(1).join(' '),
            n.suffix?.[0],
            n.prefix?.[0],
            '',
            n.use ? NAME_USE_TO_V2[n.use] : '',
          ],
          d,
        ),
      ),
      d,
    ),
  );

  const birthTime = patient._birthDate?.extension?.find((e) => e.url === BIRTH_TIME)?.valueDateTime;
  put(7, escapeHl7(birthTime ? date(birthTime, true) : date(patient.birthDate, false), d));
  if (patient.gender) {
    put(8, escapeHl7(GENDER_TO_V2[options.genderStyle ?? 'code'][patient.gender], d));
  }

  put(
    11,
    encodeRepetitions(
      (patient.address ?? []).map((a) =>
        encodeComponents(
          [
            a.line?.[0],
            a.line?.slice(1).join(', '),
            a.city,
            a.state,
            a.postalCode,
            a.country,
            a.use ? ADDRESS_USE_TO_V2[a.use] : a.type === 'postal' ? 'M' : '',
            '',
            a.district,
          ],
          d,
        ),
      ),
      d,
    ),
  );

  const home: string[] = [];
  const work: string[] = [];
  for (const t of patient.telecom ?? []) {
    if (!t.value) continue;
    const target = t.use === 'work' ? work : home;
    const use = t.use === 'work' ? 'WPN' : t.use === 'mobile' ? 'PRS' : 'PRN';
    if (t.system === 'email') {
      target.push(encodeComponents(['', 'NET', 'Internet', t.value], d));
    } else {
      const equipment =
        t.system === 'fax' ? 'FX' : t.system === 'pager' ? 'BP' : t.use === 'mobile' ? 'CP' : 'PH';
      target.push(encodeComponents([t.value, use, equipment], d));
    }
  }
  put(13, encodeRepetitions(home, d));
  put(14, encodeRepetitions(work, d));

  const lang = patient.communication?.[0]?.language;
  const langCoding = lang?.coding?.[0];
  if (langCoding?.code || lang?.text) {
    put(15, encodeComponents([langCoding?.code, langCoding?.display ?? lang?.text], d));
  }
  const marital = patient.maritalStatus?.coding?.[0]?.code;
  if (marital) {
    put(
      16,
      encodeComponents([MARITAL_STATUS_TO_V2[marital] ?? marital, patient.maritalStatus?.text], d),
    );
  }

  if (patient.multipleBirthInteger !== undefined) {
    put(24, 'Y');
    put(25, String(patient.multipleBirthInteger));
  } else if (patient.multipleBirthBoolean !== undefined) {
    put(24, patient.multipleBirthBoolean ? 'Y' : 'N');
  }
  if (patient.deceasedDateTime) {
    put(29, escapeHl7(date(patient.deceasedDateTime, true), d));
    put(30, 'Y');
  } else if (patient.deceasedBoolean !== undefined) {
    put(30, patient.deceasedBoolean ? 'Y' : 'N');
  }
  let n = fields.length;
  while (n > 0 && fields[n - 1] === '') n--;
  return fields.slice(0, n);
}

/**
 * Appends a PID built by {@link patientToPid} to a message.
 *
 * @param message - the message (its delimiters are used)
 * @param patient - the FHIR Patient
 * @param options - as for {@link patientToPid}
 * @returns the new PID segment
 * @example
 * ```ts
 * addPatientPid(adr, patient, { setId: '1' });
 * ```
 */
export function addPatientPid(
  message: Hl7Message,
  patient: Patient,
  options: Omit<PatientToPidOptions, 'delimiters'> = {},
): Hl7Segment {
  const pid = message.addSegment('PID');
  patientToPid(patient, { ...options, delimiters: message.delimiters }).forEach((raw, i) => {
    if (raw) pid.setRaw(i + 1, raw);
  });
  return pid;
}
