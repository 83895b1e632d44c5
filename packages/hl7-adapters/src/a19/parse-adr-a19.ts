import type { Patient } from 'fhir/r4.js';
import type { Hl7Message } from '../codec/message.js';
import { parseHl7, type ParseHl7Options } from '../codec/parse.js';
import { readAckErrors, type Hl7AckError } from '../ack/parse-ack.js';
import { Hl7Error } from '../errors.js';
import { pidToPatient, type PidToPatientOptions } from './pid-to-patient.js';

/**
 * The outcome of an A19 query. `controlId` is MSA-2 (the MSH-10 of the query it answers) and
 * `queryId` QAK-1 or QRD-4 (the query id echoed back), for correlation.
 *
 * @example
 * ```ts
 * if (result.status === 'error') console.log(result.ackCode, result.errors);
 * ```
 */
export type A19Result =
  | { status: 'found'; patients: Patient[]; controlId?: string; queryId?: string }
  | { status: 'not_found'; controlId?: string; queryId?: string }
  | {
      status: 'error';
      ackCode: string;
      text?: string;
      errors: Hl7AckError[];
      controlId?: string;
      queryId?: string;
    };

/**
 * Options of {@link parseAdrA19}: those of {@link pidToPatient}, and the limits of
 * {@link parseHl7} (`maxLength`, `maxRepetitions`) for a reply given as text.
 *
 * @example
 * ```ts
 * parseAdrA19(text, { tenantId, defaultTimezoneOffsetMinutes: -300, maxRepetitions: 500 } satisfies ParseAdrA19Options);
 * ```
 */
export type ParseAdrA19Options = PidToPatientOptions & ParseHl7Options;

const NOT_FOUND_TEXT =
  /not\s*found|no\s+(data|match|matches|records?|patients?)|unknown\s+(patient|key)/i;

/**
 * Reads an ADR^A19 reply (or a plain ACK sent in its place):
 * - MSA AA/CA with PID segments: `found`, each PID mapped with {@link pidToPatient};
 * - MSA AA/CA with no PID, or QAK-2 `NF`: `not_found`;
 * - MSA AE/CE with no PID and a "not found" signal (QAK-2 `NF`, ERR code 204 "unknown key
 *   identifier", or MSA-3/ERR text such as "not found"): `not_found`;
 * - any other AE/CE, and every AR/CR: `error` with the code, MSA-3 and the ERR details.
 *
 * @param message - the reply, parsed or as ER7 text
 * @param options - identifier table, tenant id, time zone (see {@link pidToPatient})
 * @returns found / not_found / error
 * @throws Hl7ParseError for unparseable text or text past a limit (`maxRepetitions`, default
 *   10,000 per field); Hl7Error `unsupported_message` when it is neither
 *   ADR nor ACK, or has no MSA
 * @example
 * ```ts
 * const result = parseAdrA19(replyText, { tenantId: 'ec2458f2-1e24-41c8-b71b-0e701af7583d' });
 * if (result.status === 'found') console.log(result.patients[0]?.name?.[0]?.family);
 * ```
 */
export function parseAdrA19(
  message: Hl7Message | string,
  options: ParseAdrA19Options = {},
): A19Result {
  const msg =
    typeof message === 'string'
      ? parseHl7(message, { maxLength: options.maxLength, maxRepetitions: options.maxRepetitions })
      : message;
  const kind = (msg.get('MSH-9.1') ?? '').toUpperCase();
  if (kind !== 'ADR' && kind !== 'ACK') {
    throw new Hl7Error(
      'unsupported_message',
      `expected ADR^A19 or ACK, got ${kind || 'no MSH-9'}`,
      {
        segment: 1,
        field: 9,
      },
    );
  }
  const msa = msg.segment('MSA');
  if (!msa) throw new Hl7Error('unsupported_message', 'the reply has no MSA segment');
  const ackCode = (msa.get(1) ?? '').trim().toUpperCase();
  const ids: { controlId?: string; queryId?: string } = {};
  const controlId = msa.get(2);
  if (controlId) ids.controlId = controlId;
  const queryId = msg.get('QAK-1') || msg.get('QRD-4');
  if (queryId) ids.queryId = queryId;

  const pids = msg.segmentsNamed('PID');
  const nf = (msg.get('QAK-2') ?? '').toUpperCase() === 'NF';
  if (ackCode === 'AA' || ackCode === 'CA') {
    if (nf || pids.length === 0) return { status: 'not_found', ...ids };
    return {
      status: 'found',
      patients: pids.map((pid) => pidToPatient(pid, msg, options)),
      ...ids,
    };
  }
  const errors = readAckErrors(msg);
  const text = msa.get(3) || undefined;
  if ((ackCode === 'AE' || ackCode === 'CE') && pids.length === 0) {
    const saysNotFound =
      nf ||
      errors.some((e) => e.code === '204' || NOT_FOUND_TEXT.test(e.text ?? '')) ||
      NOT_FOUND_TEXT.test(text ?? '');
    if (saysNotFound) return { status: 'not_found', ...ids };
  }
  const result: A19Result = { status: 'error', ackCode, errors, ...ids };
  if (text) result.text = text;
  return result;
}
