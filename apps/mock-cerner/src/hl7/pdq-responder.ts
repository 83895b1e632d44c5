import type { Patient } from 'fhir/r4.js';
import type { Hl7Message } from '@cerner-kit/hl7-adapters';
import type { MockState } from '../state/mock-state.js';
import { findA19Patients } from './a19-responder.js';
import { addCernerPatientGroup } from './cerner-pid.js';
import { mockAck } from './reply-header.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/** QPD-3 parameters the mock understands (IHE PDQ ITI-21), by field name. */
const PARAMS = new Set([
  '@PID.3.1',
  '@PID.3.4',
  '@PID.3.4.1',
  '@PID.3.5',
  '@PID.5.1',
  '@PID.5.1.1',
  '@PID.5.2',
  '@PID.7',
  '@PID.7.1',
  '@PID.8',
]);

const CONTINUATION = /^K22-(\d{1,9})$/;

/** A FHIR gender as PID-8 codes it (`M`, `F`, `O`, `U`). */
const GENDER_CODE: Record<string, string> = { male: 'M', female: 'F', other: 'O', unknown: 'U' };

function matches(p: Patient, params: Map<string, string>): boolean {
  const eq = (a: string | undefined, b: string): boolean =>
    (a ?? '').toUpperCase() === b.toUpperCase();
  const family = params.get('@PID.5.1') ?? params.get('@PID.5.1.1');
  const given = params.get('@PID.5.2');
  if (family && !p.name?.some((n) => eq(n.family, family))) return false;
  if (given && !p.name?.some((n) => n.given?.some((g) => eq(g, given)))) return false;
  const birth = params.get('@PID.7') ?? params.get('@PID.7.1');
  if (birth && (p.birthDate ?? '').replace(/-/g, '') !== birth.slice(0, 8)) return false;
  const gender = params.get('@PID.8');
  if (gender && !eq(GENDER_CODE[p.gender ?? ''] ?? p.gender, gender.slice(0, 1))) return false;
  return true;
}

/**
 * Answers a QBP^Q22 "find candidates" query (IHE PDQ, hl7.md §1.4) with an RSP^K22, the v2.5
 * replacement of A19 that Cerner interfaces offer beside it: `MSH` (`RSP^K22^RSP_K21`), `MSA`,
 * `QAK` (QPD-2 tag, `OK`/`NF`/`AE`, QPD-1 name, hits total / in this reply / remaining), the QPD
 * echoed, then one PID per candidate (no PV1: RSP_K21 has none), shaped as `addCernerPatientGroup`
 * writes them, and `DSC|K22-<next>|I` when RCP-2 (`n^RD`) cut the list (send the query again
 * with that DSC-1 for the next ones). QPD-3 parameters: `@PID.3.1` (with `@PID.3.4`/`.3.4.1`
 * authority and `@PID.3.5` type), `@PID.5.1`, `@PID.5.2`, `@PID.7`, `@PID.8`. None, or one the
 * mock does not know: `AE` with ERR 101 / 103 at QPD-3.
 *
 * @param state - the mock's state (store)
 * @param query - the parsed QBP^Q22
 * @param options - ids, alias pools
 * @returns the RSP^K22
 * @example
 * ```ts
 * answerQ22(state, parseHl7('MSH|^~\\&|APP||HNAM||20260102||QBP^Q22^QBP_Q21|Q1|P|2.5\rQPD|IHE PDQ Query|T1|@PID.3.1^292392\rRCP|I|10^RD\r'), {});
 * ```
 */
export function answerQ22(
  state: MockState,
  query: Hl7Message,
  options: Hl7ResponderOptions,
): Hl7Message {
  const tag = query.get('QPD-2') ?? '';
  const queryName = query.get('QPD-1') ?? '';
  const params = new Map<string, string>();
  const unknown: string[] = [];
  for (const rep of query.segment('QPD')?.repetitions(3) ?? []) {
    const name = rep.text(1).trim().toUpperCase();
    const value = rep.text(2).trim();
    if (!name) continue;
    if (!PARAMS.has(name)) unknown.push(name);
    else if (value) params.set(name, value);
  }
  const rsp = (
    code: 'AA' | 'AE',
    status: 'OK' | 'NF' | 'AE',
    error?: { text: string; errorCode: string },
  ): Hl7Message => {
    const reply = mockAck(
      state,
      query,
      error ? { code, ...error, errorLocation: { segment: 'QPD', field: 3 } } : { code },
      options,
    );
    reply.set('MSH-9.1', 'RSP');
    reply.set('MSH-9.2', 'K22');
    reply.set('MSH-9.3', 'RSP_K21');
    reply.addSegment('QAK', tag, status, queryName);
    const qpd = query.segment('QPD');
    if (qpd) {
      const copy = reply.addSegment('QPD');
      for (let f = 1; f <= qpd.fieldCount; f++) {
        const raw = qpd.getRaw(f);
        if (raw) copy.setRaw(f, raw);
      }
    }
    return reply;
  };
  if (unknown.length > 0) {
    return rsp('AE', 'AE', {
      text: `QPD-3 parameter not supported: ${unknown[0]!.slice(0, 20)}`,
      errorCode: '103',
    });
  }
  if (params.size === 0) {
    return rsp('AE', 'AE', { text: 'QPD-3 names no search parameter', errorCode: '101' });
  }
  const pointer = (query.get('DSC-1') ?? '').trim();
  const offset = pointer ? CONTINUATION.exec(pointer)?.[1] : '0';
  if (offset === undefined) {
    return rsp('AE', 'AE', { text: 'DSC-1 is not a continuation pointer', errorCode: '103' });
  }
  const id = params.get('@PID.3.1');
  const candidates = id
    ? findA19Patients(state, {
        value: id,
        typeCode: (params.get('@PID.3.5') ?? '').toUpperCase(),
        authority: params.get('@PID.3.4.1') ?? params.get('@PID.3.4') ?? '',
      })
    : [...state.store.values<Patient>('Patient')].filter((p) => p.active !== false);
  const found = candidates.filter((p) => matches(p, params));
  const start = Number(offset);
  const qty = Number(query.get('RCP-2.1'));
  const limit = Number.isSafeInteger(qty) && qty > 0 ? qty : found.length;
  const page = found.slice(start, start + limit);
  const reply = rsp('AA', page.length > 0 ? 'OK' : 'NF');
  const qak = reply.segment('QAK')!;
  qak.set(4, String(found.length));
  qak.set(5, String(page.length));
  qak.set(6, String(Math.max(0, found.length - start - page.length)));
  page.forEach((p, i) => addCernerPatientGroup(state, reply, p, String(i + 1), options, false));
  if (start + limit < found.length) reply.addSegment('DSC', `K22-${start + limit}`, 'I');
  return reply;
}
