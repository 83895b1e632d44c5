import type { Identifier, Patient, Period } from 'fhir/r4.js';
import { DEFAULT_DELIMITERS, type Hl7Delimiters } from '../codec/delimiters.js';
import { encodeComponents, encodeRepetitions, type Hl7ComponentValue } from '../codec/encode.js';
import { escapeHl7 } from '../codec/escape.js';
import type { Hl7Message } from '../codec/message.js';
import type { Hl7Segment } from '../codec/segment.js';
import { invalidInput } from '../errors.js';
import {
  ADDRESS_USE_TO_V2,
  GENDER_TO_V2,
  MARITAL_STATUS_DISPLAY,
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
  /**
   * The HL7 version of the message (MSH-12). Given, components the version does not define are
   * left out: before 2.5 no CX.7/CX.8, XPN.12-14 or XAD.13/14 (in 2.4 the name and address
   * periods go to the XPN.10 / XAD.12 validity ranges instead), before 2.7 no XTN.13+. Not given:
   * every component is written (a receiver ignores trailing components it does not know).
   */
  version?: string;
  /**
   * CX.4 of an identifier whose site row names an `assigningAuthority`: `hd` (default) the name
   * plus the universal id (`NAME&2.16.840…&ISO`); `alias-pool` the name alone, as Cerner sends
   * its alias pool display (`RRL MRN`), the row's type code in CX.5 telling the reader its system.
   */
  cx4?: 'hd' | 'alias-pool';
}

/** `[major, minor]` of an HL7 version such as `2.5.1`; undefined when absent or unreadable. */
function versionOf(version: string | undefined): number | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) * 100 + Number(m[2]) : undefined;
}

/** Drops the components after `keep` (1-based count) from a component list. */
function upTo<T>(parts: T[], keep: number | undefined): T[] {
  return keep === undefined ? parts : parts.slice(0, keep);
}

const BIRTH_TIME = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';
const MOTHERS_MAIDEN_NAME = 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName';

const FHIR_DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A FHIR date / dateTime as an HL7 TS/DTM, keeping its precision and offset exactly
 * (`1975-04` → `197504`, `…T10:30:00.25-05:00` → `…103000.25-0500`, `Z` → `+0000`). HL7 allows
 * four fraction digits; more are cut.
 */
function v2Date(value: string | undefined, field: string): string {
  if (!value) return '';
  const m = FHIR_DATE_TIME.exec(value);
  if (!m) throw invalidInput(field, 'not a FHIR date or dateTime');
  const [, y, mo = '', d = '', h = '', mi = '', s = '', frac = '', zone = ''] = m;
  const offset = zone === 'Z' ? '+0000' : zone.replace(':', '');
  return `${y}${mo}${d}${h}${mi}${s}${frac.slice(0, 5)}${offset}`;
}

function periodParts(period: Period | undefined, field: string): [string, string] {
  return [
    v2Date(period?.start, `${field}.period.start`),
    v2Date(period?.end, `${field}.period.end`),
  ];
}

/** HD.2/HD.3 for a FHIR system: `urn:oid:` → ISO, `urn:uuid:` → UUID, any other URI → URI. */
function universalId(system: string | undefined): [string, string] {
  if (!system) return ['', ''];
  if (system.startsWith('urn:oid:')) return [system.slice(8), 'ISO'];
  if (system.startsWith('urn:uuid:')) return [system.slice(9), 'UUID'];
  return [system, 'URI'];
}

function cxFor(
  id: Identifier,
  at: string,
  o: PatientToPidOptions,
  d: Hl7Delimiters,
): string | undefined {
  if (!id.value) return undefined;
  const row = findMappingForIdentifier(id, o.identifierSystems);
  const typeCode =
    row?.typeCode ??
    id.type?.coding?.find((c) => c.system === V2_0203_SYSTEM)?.code ??
    id.type?.text ??
    '';
  const [uid, uidType] = universalId(id.system);
  const pool = o.cx4 === 'alias-pool' ? row?.assigningAuthority : undefined;
  const authority: Hl7ComponentValue[] = pool
    ? [pool]
    : [row?.assigningAuthority ?? id.assigner?.display ?? '', uid, uidType];
  const [start, end] = periodParts(id.period, at);
  const v = versionOf(o.version);
  return encodeComponents(
    upTo(
      [id.value, '', '', authority, typeCode, '', start, end],
      v !== undefined && v < 205 ? 6 : undefined,
    ),
    d,
  );
}

/**
 * The inverse of {@link pidToPatient}, written so that `pidToPatient(patientToPid(p))` gives back
 * every field PID can carry (the package README lists the conventions and what is not carried):
 * PID-3 identifiers with type codes (through the identifier table; the system in CX.4.2/CX.4.3 as
 * `ISO`, `UUID` or `URI`; the period in CX.7/CX.8), PID-5 names (period in XPN.12/XPN.13),
 * PID-6 mother's maiden name, PID-7 birth date (with the birth-time extension when present),
 * PID-8 gender, PID-11 addresses (lines after the first in XAD.2, one per line; period in
 * XAD.13/XAD.14), PID-13 home / PID-14 work telecoms (emails and URLs as `^NET^Internet^addr`;
 * period in XTN.13/XTN.14, rank in XTN.18), PID-15 language, PID-16 marital status, PID-19 SSN,
 * PID-24/25 multiple birth, PID-29/30 deceased. Without `version`, components added after v2.3
 * are written whatever the message version (receivers of older versions ignore trailing
 * components); with it, only the components that version defines.
 *
 * @param patient - the FHIR Patient
 * @param options - delimiters, identifier table, set id, gender style
 * @returns escaped ER7 field texts: element 0 is PID-1, element n-1 is PID-n
 * @throws Hl7Error `invalid_input` naming the field (e.g. `identifier[0].period.start`) when a
 *   date is not a FHIR date or dateTime
 * @example
 * ```ts
 * const msg = createHl7Message();
 * const pid = msg.addSegment('PID');
 * patientToPid(patient).forEach((raw, i) => { if (raw) pid.setRaw(i + 1, raw); });
 * ```
 */
export function patientToPid(patient: Patient, options: PatientToPidOptions = {}): string[] {
  const d = options.delimiters ?? DEFAULT_DELIMITERS;
  const v = versionOf(options.version);
  const before25 = v !== undefined && v < 205;
  const before27 = v !== undefined && v < 207;
  /** A period as components: XPN.12/13 (XAD.13/14) from 2.5, the `start&end` range in 2.4. */
  const range = (start: string, end: string): Hl7ComponentValue | Hl7ComponentValue[] =>
    v === 204 && (start || end) ? [start, end] : '';
  const fields: string[] = new Array<string>(30).fill('');
  const put = (n: number, raw: string): void => {
    fields[n - 1] = raw;
  };
  put(1, escapeHl7(options.setId ?? '1', d));

  // A bare SSN goes to PID-19 only; one with a period or an assigner (which PID-19 cannot hold)
  // also keeps its place in PID-3, and the reader then skips the PID-19 copy.
  const isSsn = (i: Identifier): boolean => i.system === US_SSN_SYSTEM;
  const cx: string[] = [];
  (patient.identifier ?? []).forEach((id, i) => {
    if (isSsn(id) && !id.period && !id.assigner) return;
    const raw = cxFor(id, `identifier[${i}]`, options, d);
    if (raw !== undefined) cx.push(raw);
  });
  put(3, encodeRepetitions(cx, d));
  const ssn = patient.identifier?.find(isSsn)?.value;
  if (ssn) put(19, escapeHl7(ssn, d));

  put(
    5,
    encodeRepetitions(
      (patient.name ?? []).map((n, i) => {
        const [start, end] = periodParts(n.period, `name[${i}]`);
        return encodeComponents(
          upTo(
            [
              n.family ?? (n.given ? '' : n.text),
              n.given?.[0],
              n.given?.slice(1).join(' '),
              n.suffix?.[0],
              n.prefix?.join(' '),
              n.suffix?.[1],
              n.use ? NAME_USE_TO_V2[n.use] : '',
              '',
              '',
              range(start, end),
              '',
              start,
              end,
              n.suffix?.slice(2).join(' '),
            ],
            before25 ? 11 : undefined,
          ),
          d,
        );
      }),
      d,
    ),
  );
  const maiden = patient.extension?.find((e) => e.url === MOTHERS_MAIDEN_NAME)?.valueString;
  if (maiden) put(6, escapeHl7(maiden, d));

  const birthTime = patient._birthDate?.extension?.find((e) => e.url === BIRTH_TIME)?.valueDateTime;
  put(
    7,
    escapeHl7(
      birthTime ? v2Date(birthTime, 'birthDate.birthTime') : v2Date(patient.birthDate, 'birthDate'),
      d,
    ),
  );
  if (patient.gender) {
    put(8, escapeHl7(GENDER_TO_V2[options.genderStyle ?? 'code'][patient.gender], d));
  }

  put(
    11,
    encodeRepetitions(
      (patient.address ?? []).map((a, i) => {
        const [start, end] = periodParts(a.period, `address[${i}]`);
        return encodeComponents(
          upTo(
            [
              a.line?.[0],
              // Lines after the first: XAD.2, one per line (`\X0A\` between them).
              a.line?.slice(1).join('\n'),
              a.city,
              a.state,
              a.postalCode,
              a.country,
              a.use ? ADDRESS_USE_TO_V2[a.use] : a.type === 'postal' ? 'M' : '',
              '',
              a.district,
              '',
              '',
              range(start, end),
              start,
              end,
            ],
            before25 ? 12 : undefined,
          ),
          d,
        );
      }),
      d,
    ),
  );

  const home: string[] = [];
  const work: string[] = [];
  (patient.telecom ?? []).forEach((t, i) => {
    if (!t.value) return;
    const target = t.use === 'work' ? work : home;
    const [start, end] = periodParts(t.period, `telecom[${i}]`);
    const rank = t.rank !== undefined ? String(t.rank) : '';
    let head: Hl7ComponentValue[];
    if (t.system === 'email' || t.system === 'url') {
      head = ['', 'NET', 'Internet', t.value];
    } else {
      const use = t.use === 'work' ? 'WPN' : t.use === 'mobile' ? 'PRS' : 'PRN';
      const equipment =
        t.system === 'fax' ? 'FX' : t.system === 'pager' ? 'BP' : t.use === 'mobile' ? 'CP' : 'PH';
      head = [t.value, use, equipment];
    }
    // XTN.13/14 (v2.7 effective start / expiration) and XTN.18 (v2.7 preference order).
    const filler = new Array<string>(12 - head.length).fill('');
    target.push(
      encodeComponents(before27 ? head : [...head, ...filler, start, end, '', '', '', rank], d),
    );
  });
  put(13, encodeRepetitions(home, d));
  put(14, encodeRepetitions(work, d));

  // PID-15 is the primary language: the preferred communication, else the first.
  const lang = (patient.communication?.find((c) => c.preferred) ?? patient.communication?.[0])
    ?.language;
  const langCoding = lang?.coding?.[0];
  if (langCoding?.code || lang?.text) {
    put(15, encodeComponents([langCoding?.code, langCoding?.display ?? lang?.text], d));
  }
  const marital = patient.maritalStatus?.coding?.[0]?.code;
  const maritalText = patient.maritalStatus?.text;
  if (marital) {
    // A v3 code without a table 0002 equivalent (P polygamous) goes as its display text only.
    const v2 =
      MARITAL_STATUS_TO_V2[marital] ?? (MARITAL_STATUS_DISPLAY[marital] ? undefined : marital);
    put(
      16,
      encodeComponents([v2, maritalText ?? (v2 ? undefined : MARITAL_STATUS_DISPLAY[marital])], d),
    );
  } else if (maritalText) {
    put(16, encodeComponents(['', maritalText], d));
  }

  if (patient.multipleBirthInteger !== undefined) {
    put(24, 'Y');
    put(25, String(patient.multipleBirthInteger));
  } else if (patient.multipleBirthBoolean !== undefined) {
    put(24, patient.multipleBirthBoolean ? 'Y' : 'N');
  }
  if (patient.deceasedDateTime) {
    put(29, escapeHl7(v2Date(patient.deceasedDateTime, 'deceasedDateTime'), d));
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
  const o = { ...options, delimiters: message.delimiters };
  patientToPid(patient, o).forEach((raw, i) => {
    if (raw) pid.setRaw(i + 1, raw);
  });
  return pid;
}
