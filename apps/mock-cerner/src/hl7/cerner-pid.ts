import type { Encounter, Patient } from 'fhir/r4.js';
import {
  addPatientPid,
  encodeComponents,
  V2_0203_SYSTEM,
  type Hl7Message,
  type IdentifierSystemMap,
} from '@cerner-kit/hl7-adapters';
import type { MockState } from '../state/mock-state.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/** Cerner's community MRN system in the public sandbox. */
const CMRN_SYSTEM = 'urn:oid:2.16.840.1.113883.3.787.0.0';

/**
 * The alias pool names the mock writes in CX.4, like a Cerner site's outbound alias displays
 * (hl7.md §3: `999999999^^^RRL MRN^MRN`, `…^RRL FIN^FIN NBR`).
 *
 * @example
 * ```ts
 * const pools: AliasPools = { mrn: 'RRL MRN', fin: 'RRL FIN', cmrn: 'CMRN' };
 * ```
 */
export interface AliasPools {
  mrn: string;
  fin: string;
  cmrn: string;
}

/**
 * The default alias pools: the sandbox's.
 *
 * @example
 * ```ts
 * DEFAULT_ALIAS_POOLS.mrn; // 'SANDBOX MRN'
 * ```
 */
export const DEFAULT_ALIAS_POOLS: Readonly<AliasPools> = Object.freeze({
  mrn: 'SANDBOX MRN',
  fin: 'SANDBOX FIN',
  cmrn: 'SANDBOX CMRN',
});

/** The patient with its FHIR id added as a PID-3 repetition typed `PI` (Millennium person id). */
function withPersonId(patient: Patient): Patient {
  if (!patient.id) return patient;
  const pi = { type: { coding: [{ system: V2_0203_SYSTEM, code: 'PI' }] }, value: patient.id };
  return { ...patient, identifier: [...(patient.identifier ?? []), pi] };
}

/**
 * The FIN of an encounter: the identifier typed FIN NBR (code set 319) or v2-0203 AN, else the
 * first identifier.
 *
 * @param encounter - a stored encounter
 * @returns the FIN, or undefined when the encounter has no identifier
 * @example
 * ```ts
 * encounterFin(store.get('Encounter', '97939518')!); // 'FIN97939518'
 * ```
 */
export function encounterFin(encounter: Encounter): string | undefined {
  const fin = encounter.identifier?.find(
    (i) =>
      /^FIN( NBR)?$/i.test(i.type?.text ?? '') ||
      i.type?.coding?.some((c) => c.display === 'FIN NBR' || c.code === 'AN'),
  );
  return fin?.value ?? encounter.identifier?.[0]?.value;
}

/**
 * The patient's most recent encounter (latest period start; else the last stored).
 *
 * @param state - the mock's state (store)
 * @param patientId - the patient's FHIR id
 * @returns the encounter, or undefined when the patient has none
 * @example
 * ```ts
 * latestEncounter(state, '12724066')?.id; // '97954262'
 * ```
 */
export function latestEncounter(state: MockState, patientId: string): Encounter | undefined {
  const all = state.store.encountersOf(patientId);
  let best: Encounter | undefined;
  for (const e of all) {
    if (!best || (e.period?.start ?? '') >= (best.period?.start ?? '')) best = e;
  }
  return best;
}

/** PV1-2 as Cerner sends it: the display of the encounter type (`Outpatient`), else of its class. */
function patientClassDisplay(encounter: Encounter | undefined): string {
  if (!encounter) return 'Unknown';
  const typed = encounter.type?.[0]?.coding?.find((c) => c.display)?.display;
  if (typed) return typed;
  const cls = encounter.class?.code;
  return cls === 'IMP'
    ? 'Inpatient'
    : cls === 'EMER'
      ? 'Emergency'
      : cls === 'AMB'
        ? 'Outpatient'
        : (encounter.class?.display ?? 'Unknown');
}

/**
 * Appends one patient group the way a Cerner site sends it (hl7.md §1.3, §3): a PID with the
 * alias pool names in CX.4 and the alias type displays in CX.5 (`…^SANDBOX MRN^MRN`), PID-8 as a
 * display string (`Male`), only the components the message version defines, PID-18 the FIN of
 * the patient's latest encounter (`…^SANDBOX FIN^FIN NBR`), and a PV1 with the patient class as a
 * display (`Outpatient`) and the FIN in PV1-19.
 *
 * @param state - the mock's state (store, MRN system)
 * @param reply - the ADR or RSP being built
 * @param patient - the stored patient
 * @param setId - PID-1 / PV1-1
 * @param options - alias pool names
 * @param withPv1 - add the PV1 (ADR^A19 groups have one; RSP^K22 groups do not)
 * @example
 * ```ts
 * addCernerPatientGroup(state, adr, patient, '1', {});
 * ```
 */
export function addCernerPatientGroup(
  state: MockState,
  reply: Hl7Message,
  patient: Patient,
  setId: string,
  options: Hl7ResponderOptions,
  withPv1 = true,
): void {
  const pools = { ...DEFAULT_ALIAS_POOLS, ...options.aliasPools };
  const rows: IdentifierSystemMap = [
    { system: state.store.mrnSystem, typeCode: 'MRN', assigningAuthority: pools.mrn, v2Type: 'MR' },
    { system: CMRN_SYSTEM, typeCode: 'CMRN', assigningAuthority: pools.cmrn, v2Type: 'MR' },
  ];
  const version = reply.get('MSH-12.1') ?? '2.3';
  const pid = addPatientPid(reply, withPersonId(patient), {
    setId,
    version,
    genderStyle: 'display',
    cx4: 'alias-pool',
    identifierSystems: rows,
  });
  const encounter = patient.id ? latestEncounter(state, patient.id) : undefined;
  const fin = encounter ? encounterFin(encounter) : undefined;
  const finCx = fin
    ? encodeComponents([fin, '', '', pools.fin, 'FIN NBR'], reply.delimiters)
    : undefined;
  if (finCx) pid.setRaw(18, finCx);
  if (!withPv1) return;
  const pv1 = reply.addSegment('PV1', setId, patientClassDisplay(encounter));
  if (finCx) pv1.setRaw(19, finCx);
}
