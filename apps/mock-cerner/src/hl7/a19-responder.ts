import type { Patient } from 'fhir/r4.js';
import {
  addPatientPid,
  findIdentifierMapping,
  V2_0203_SYSTEM,
  type Hl7Message,
} from '@cerner-kit/hl7-adapters';
import type { MockState } from '../state/mock-state.js';
import { mockAck } from './reply-header.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/** The patient key of an A19 query, read from QRD-8 (or QRF-5 when QRD-8 has none). */
export interface A19QueryKey {
  /** The identifier value (XCN.1 / CX.1 / the bare value). */
  value: string;
  /** The identifier type code (XCN.13 or CX.5), upper case; `''` when not sent. */
  typeCode: string;
  /** The assigning authority (XCN.9 or CX.4), `''` when not sent. */
  authority: string;
}

/**
 * Reads the patient key of a QRY^A19. QRD-8 is an XCN by the standard (`id^^^^^^^^authority^^^^MR`)
 * but sites also send a CX (`id^^^authority^MR`) or a bare id; all three are read. The first
 * repetition with an id wins; QRF-5 ("other query subject filter") is the fallback.
 *
 * @param query - the parsed QRY^A19
 * @returns the key, or undefined when the query names no patient
 * @example
 * ```ts
 * readA19Key(parseHl7(qry)); // { value: '292392', typeCode: 'MR', authority: '' }
 * ```
 */
export function readA19Key(query: Hl7Message): A19QueryKey | undefined {
  const qrd = query.segment('QRD');
  const reps = qrd ? qrd.getAll(8).length : 0;
  for (let r = 1; r <= Math.max(reps, 1) && qrd; r++) {
    const value = (qrd.get(`8[${r}].1`) ?? '').trim();
    if (!value) continue;
    const xcnType = qrd.get(`8[${r}].13`) ?? '';
    const xcnAuthority = qrd.get(`8[${r}].9`) ?? '';
    // A CX puts the type in component 5 and the authority in 4; an XCN has names there.
    const cxShaped = !xcnType && !xcnAuthority;
    const typeCode = (cxShaped ? (qrd.get(`8[${r}].5`) ?? '') : xcnType).trim().toUpperCase();
    const authority = (cxShaped ? (qrd.get(`8[${r}].4.1`) ?? '') : xcnAuthority).trim();
    return { value, typeCode, authority };
  }
  const other = (query.get('QRF-5.1') ?? '').trim();
  return other ? { value: other, typeCode: '', authority: '' } : undefined;
}

/**
 * The active patients a query key points at: `PI` keys are FHIR ids; any other key is an
 * identifier looked up in the store's identifier index, in the system its type/authority maps to
 * (hl7-adapters' identifier table), else the store's MRN system (the sandbox's
 * `urn:oid:2.16.840.1.113883.6.1000`).
 *
 * @param state - the mock's state
 * @param key - the query key
 * @returns the matching patients, in load order
 * @example
 * ```ts
 * findA19Patients(state, { value: '292392', typeCode: 'MR', authority: '' })[0]?.id; // '13115400'
 * ```
 */
export function findA19Patients(state: MockState, key: A19QueryKey): Patient[] {
  const store = state.store;
  if (key.typeCode === 'PI') {
    const p = store.get<Patient>('Patient', key.value);
    return p && p.active !== false ? [p] : [];
  }
  const system = findIdentifierMapping(key.typeCode, key.authority)?.system ?? store.mrnSystem;
  return store
    .findPatientsByIdentifier(system, key.value)
    .map((id) => store.get<Patient>('Patient', id))
    .filter((p): p is Patient => p !== undefined && p.active !== false);
}

/** The patient with its FHIR id added as a PID-3 repetition typed `PI` (Millennium person id). */
function withPersonId(patient: Patient): Patient {
  if (!patient.id) return patient;
  const pi = { type: { coding: [{ system: V2_0203_SYSTEM, code: 'PI' }] }, value: patient.id };
  return { ...patient, identifier: [...(patient.identifier ?? []), pi] };
}

/**
 * Makes an acknowledgement of a QRY^A19 an ADR^A19: MSH-9 `ADR^A19`, with the structure
 * `ADR_A19` from v2.3.1 on (the query's MSH-12).
 *
 * @param reply - the ACK built for the query (changed in place)
 * @param query - the QRY^A19 it answers
 * @returns the same message
 * @example
 * ```ts
 * asAdrA19(mockAck(state, query, { code: 'AE', errorCode: '207' }, {}), query).type; // 'ADR^A19'
 * ```
 */
export function asAdrA19(reply: Hl7Message, query: Hl7Message): Hl7Message {
  const version = query.get('MSH-12.1') ?? '';
  reply.set('MSH-9.1', 'ADR');
  reply.set('MSH-9.2', 'A19');
  reply.set('MSH-9.3', version && version !== '2.3' ? 'ADR_A19' : '');
  return reply;
}

/**
 * Answers a QRY^A19 with an ADR^A19 from the store:
 * - found: `MSH` (sender/receiver swapped, new MSH-10), `MSA|AA|<query MSH-10>`, `QAK|<QRD-4>|OK`,
 *   the QRD (and QRF) echoed, then per patient a PID built with `patientToPid` (plus the FHIR id
 *   typed `PI`) and a minimal `PV1|1|N`;
 * - not found: `MSA|AA` + `QAK|…|NF` (default), or `MSA|AE|…|Patient not found` + ERR 204 with
 *   `a19NotFound: 'ae-err-204'`;
 * - no QRD or no patient key: `MSA|AR` + ERR 101 (required field missing).
 *
 * @param state - the mock's state (store, clock)
 * @param query - the parsed QRY^A19
 * @param options - not-found style, ids
 * @returns the ADR^A19 (an ACK-shaped ADR for rejects)
 * @example
 * ```ts
 * const adr = answerA19(mock.state, parseHl7(buildA19Query({ mrn: '292392' }).toString()), {});
 * parseAdrA19(adr).status; // 'found'
 * ```
 */
export function answerA19(
  state: MockState,
  query: Hl7Message,
  options: Hl7ResponderOptions,
): Hl7Message {
  const key = readA19Key(query);
  const toAdr = (reply: Hl7Message): Hl7Message => asAdrA19(reply, query);
  const echo = (reply: Hl7Message, status: 'OK' | 'NF'): void => {
    const queryTag = query.get('QRD-4') ?? '';
    reply.addSegment('QAK', queryTag, status);
    for (const name of ['QRD', 'QRF']) {
      const seg = query.segment(name);
      if (!seg) continue;
      const copy = reply.addSegment(name);
      for (let f = 1; f <= seg.fieldCount; f++) {
        const raw = seg.getRaw(f);
        if (raw) copy.setRaw(f, raw);
      }
    }
  };
  if (!query.segment('QRD') || !key) {
    const where = query.segment('QRD') ? { segment: 'QRD', field: 8 } : { segment: 'QRD' };
    return toAdr(
      mockAck(
        state,
        query,
        {
          code: 'AR',
          text: 'QRD-8 (who subject filter) is required',
          errorCode: '101',
          errorLocation: where,
        },
        options,
      ),
    );
  }
  const patients = findA19Patients(state, key);
  if (patients.length === 0) {
    if (options.a19NotFound === 'ae-err-204') {
      const reply = toAdr(
        mockAck(
          state,
          query,
          {
            code: 'AE',
            text: 'Patient not found',
            errorCode: '204',
            errorLocation: { segment: 'QRD', field: 8 },
          },
          options,
        ),
      );
      echo(reply, 'NF');
      return reply;
    }
    const reply = toAdr(mockAck(state, query, { code: 'AA', text: 'Patient not found' }, options));
    echo(reply, 'NF');
    return reply;
  }
  const reply = toAdr(mockAck(state, query, { code: 'AA' }, options));
  echo(reply, 'OK');
  patients.forEach((patient, i) => {
    addPatientPid(reply, withPersonId(patient), { setId: String(i + 1) });
    reply.addSegment('PV1', '1', 'N');
  });
  return reply;
}
