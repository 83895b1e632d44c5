import type { Patient } from 'fhir/r4.js';
import { findIdentifierMapping, type Hl7Message } from '@cerner-kit/hl7-adapters';
import type { MockState } from '../state/mock-state.js';
import { addCernerPatientGroup } from './cerner-pid.js';
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
  for (const rep of qrd?.repetitions(8) ?? []) {
    const value = rep.text(1).trim();
    if (!value) continue;
    const xcnType = rep.text(13);
    const xcnAuthority = rep.text(9);
    // A CX puts the type in component 5 and the authority in 4; an XCN has names there.
    const cxShaped = !xcnType && !xcnAuthority;
    const typeCode = (cxShaped ? rep.text(5) : xcnType).trim().toUpperCase();
    const authority = (cxShaped ? rep.text(4, 1) : xcnAuthority).trim();
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

/**
 * Whether an HL7 version (MSH-12) is at least `major.minor[.patch]`.
 *
 * @param version - MSH-12, e.g. `2.3.1`
 * @param wanted - the version to compare with
 * @returns true when `version` is the same or later
 * @example
 * ```ts
 * versionAtLeast('2.3.1', [2, 3, 1]); // true
 * ```
 */
export function versionAtLeast(version: string, wanted: [number, number, number?]): boolean {
  const [a = 0, b = 0, c = 0] = version.split('.').map((n) => Number(n) || 0);
  const [x, y, z = 0] = wanted;
  return a !== x ? a > x : b !== y ? b > y : c >= z;
}

/**
 * Makes an acknowledgement of a QRY^A19 an ADR^A19, with MSH-9 as the version has it (hl7.md
 * §1.1): `ADR^A19` in 2.3, `ADR^A19^ADR_A19` from 2.3.1 on.
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
  const structure = version && versionAtLeast(version, [2, 3, 1]) ? ['ADR_A19'] : [];
  reply.segment('MSH')!.setField(9, ['ADR', 'A19', ...structure]);
  return reply;
}

/** QRD-7 as a record limit (`5^RD`); undefined for none or another unit. */
function recordLimit(query: Hl7Message): number | undefined {
  const qty = Number(query.get('QRD-7.1'));
  const unit = (query.get('QRD-7.2') || 'RD').toUpperCase();
  return unit === 'RD' && Number.isSafeInteger(qty) && qty > 0 ? qty : undefined;
}

const CONTINUATION = /^A19-(\d{1,9})$/;

/**
 * Answers a QRY^A19 with an ADR^A19 from the store, shaped as a Cerner site's (hl7.md §1.3, §3):
 * - found: `MSH` (sender/receiver swapped, new MSH-10, MSH-9 per version), `MSA|AA|<query MSH-10>`,
 *   `QAK|<QRD-4>|OK` (v2.3.1 on: v2.3 has no QAK), the QRD (and QRF) echoed, then per patient a
 *   PID and PV1 as `addCernerPatientGroup` writes them;
 * - QRD-7 `n^RD` caps the patients per reply: when more match, `DSC|A19-<next>` follows, and the
 *   same query sent again with that DSC-1 gets the next ones;
 * - not found: `MSA|AA` (+ `QAK|…|NF` from v2.3.1), or `MSA|AE|…|Patient not found` + ERR 204
 *   with `a19NotFound: 'ae-err-204'`;
 * - no QRD or no patient key, or an unknown continuation pointer: `MSA|AR` + ERR 101 / 103.
 *
 * @param state - the mock's state (store, clock)
 * @param query - the parsed QRY^A19
 * @param options - not-found style, ids, alias pools
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
  const version = query.get('MSH-12.1') ?? '';
  const hasQak = version !== '' && versionAtLeast(version, [2, 3, 1]);
  const toAdr = (reply: Hl7Message): Hl7Message => asAdrA19(reply, query);
  const echo = (reply: Hl7Message, status: 'OK' | 'NF'): void => {
    if (hasQak) reply.addSegment('QAK', query.get('QRD-4') ?? '', status);
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
  const reject = (text: string, errorCode: string, field: number | undefined): Hl7Message =>
    toAdr(
      mockAck(
        state,
        query,
        {
          code: 'AR',
          text,
          errorCode,
          errorLocation: field === undefined ? { segment: 'QRD' } : { segment: 'QRD', field },
        },
        options,
      ),
    );
  if (!query.segment('QRD') || !key) {
    return reject(
      'QRD-8 (who subject filter) is required',
      '101',
      query.segment('QRD') ? 8 : undefined,
    );
  }
  const pointer = (query.get('DSC-1') ?? '').trim();
  const offset = pointer ? CONTINUATION.exec(pointer)?.[1] : '0';
  if (offset === undefined) {
    const reply = toAdr(
      mockAck(
        state,
        query,
        {
          code: 'AR',
          text: 'DSC-1 is not a continuation pointer this interface gave',
          errorCode: '103',
          errorLocation: { segment: 'DSC', field: 1 },
        },
        options,
      ),
    );
    return reply;
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
  const start = Number(offset);
  const limit = recordLimit(query) ?? patients.length;
  const page = patients.slice(start, start + limit);
  const reply = toAdr(mockAck(state, query, { code: 'AA' }, options));
  echo(reply, page.length > 0 ? 'OK' : 'NF');
  page.forEach((patient, i) =>
    addCernerPatientGroup(state, reply, patient, String(i + 1), options),
  );
  if (start + limit < patients.length) {
    // DSC-2 (continuation style, `I` interactive) exists from v2.4
    const style = versionAtLeast(version, [2, 4]) ? 'I' : undefined;
    reply.addSegment('DSC', `A19-${start + limit}`, style);
  }
  return reply;
}
