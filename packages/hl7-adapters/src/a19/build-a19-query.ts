import { createHl7Message, type Hl7Message } from '../codec/message.js';
import { formatHl7DateTime } from '../datetime.js';
import { invalidInput } from '../errors.js';
import { defaultIdGenerator, resolveNow } from '../ids.js';

/**
 * Options of {@link buildA19Query}.
 *
 * @example
 * ```ts
 * const options: A19QueryOptions = { mrn: '7654321', receivingApplication: 'HNAM', includeQrf: true };
 * ```
 */
export interface A19QueryOptions {
  /** The patient's MRN, sent in QRD-8. */
  mrn: string;
  /** Assigning authority of the MRN (XCN.9, or CX.4 in the `cx` style). */
  mrnAssigningAuthority?: string;
  /** Identifier type code sent with the MRN (XCN.13 / CX.5), default `MR`; `''` to send none. */
  mrnTypeCode?: string;
  /**
   * Shape of QRD-8: `xcn` (the standard: `id^^^^^^^^authority^^^^MR`), `cx`
   * (`id^^^authority^MR`, what some engines expect) or `id` (the bare MRN). Default `xcn`.
   */
  whoFormat?: 'xcn' | 'cx' | 'id';
  sendingApplication?: string;
  sendingFacility?: string;
  receivingApplication?: string;
  receivingFacility?: string;
  /** MSH-12, `2.3` by default; QRY^A19 exists from 2.3 to 2.6. */
  version?: string;
  /** MSH-10 (default: generated, 20 characters). */
  controlId?: string;
  /** QRD-4 (default: the first 10 characters of the control id; v2.3.1 allows 10). */
  queryId?: string;
  /** Clock (Date or epoch ms); default the system clock. */
  now?: () => Date | number;
  /** Id generator for MSH-10 when `controlId` is not given. */
  idGenerator?: () => string;
  /** Add a QRF segment (QRF-1 = receiving facility or application). Default false. */
  includeQrf?: boolean;
  /** MSH-11: `P` production (default), `T` training, `D` debugging. */
  processingId?: 'P' | 'T' | 'D';
  /** MSH-7/QRD-1 offset in minutes east of UTC (default 0). */
  timezoneOffsetMinutes?: number;
}

const VERSION = /^2\.(3(\.1)?|4|5(\.1)?|6)$/;

function nonEmpty(name: string, value: string | undefined, max?: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(name, 'must be a non-empty string');
  }
  if (max !== undefined && value.length > max) {
    throw invalidInput(name, `must be at most ${max} characters`);
  }
}

/**
 * Builds a QRY^A19 patient query: MSH, QRD (QRD-2 `R`, QRD-3 `I`, QRD-4 query id, QRD-7
 * `1^RD`, QRD-8 the MRN, QRD-9 `DEM`) and optionally QRF. MSH-9 is `QRY^A19` in v2.3 and
 * `QRY^A19^QRY_A19` from v2.3.1. Match the reply with MSA-2 = this message's MSH-10.
 *
 * @param options - the MRN, header fields, ids and clock
 * @returns the query message
 * @throws Hl7Error `invalid_input` (naming the option) for an empty MRN, an unsupported version,
 *   or ids that are empty or too long
 * @example
 * ```ts
 * const query = buildA19Query({ mrn: '7654321', sendingApplication: 'CAREAPP', receivingApplication: 'HNAM', controlId: 'Q0001' });
 * query.toString(); // 'MSH|^~\\&|CAREAPP||HNAM||20250102093010+0000||QRY^A19|Q0001|P|2.3\rQRD|20250102093010+0000|R|I|Q0001|||1^RD|7654321^^^^^^^^^^^^MR|DEM\r'
 * ```
 */
export function buildA19Query(options: A19QueryOptions): Hl7Message {
  if (typeof options.mrn !== 'string' || options.mrn.trim() === '') {
    throw invalidInput('mrn', 'is required');
  }
  const version = options.version ?? '2.3';
  if (!VERSION.test(version)) {
    throw invalidInput('version', 'QRY^A19 exists in versions 2.3 to 2.6');
  }
  nonEmpty('controlId', options.controlId, 20);
  nonEmpty('queryId', options.queryId, 32);
  if (options.processingId !== undefined && !['P', 'T', 'D'].includes(options.processingId)) {
    throw invalidInput('processingId', 'must be P, T or D');
  }
  const controlId = options.controlId ?? (options.idGenerator ?? defaultIdGenerator)();
  nonEmpty('idGenerator', controlId, 20);
  const queryId = options.queryId ?? controlId.slice(0, 10);
  const now = formatHl7DateTime(resolveNow(options.now), {
    offsetMinutes: options.timezoneOffsetMinutes,
  });

  const msg = createHl7Message();
  const msh = msg.segment('MSH')!;
  msh.set(3, options.sendingApplication ?? '');
  msh.set(4, options.sendingFacility ?? '');
  msh.set(5, options.receivingApplication ?? '');
  msh.set(6, options.receivingFacility ?? '');
  msh.set(7, now);
  msh.setField(9, version === '2.3' ? ['QRY', 'A19'] : ['QRY', 'A19', 'QRY_A19']);
  msh.set(10, controlId);
  msh.set(11, options.processingId ?? 'P');
  msh.set(12, version);

  const qrd = msg.addSegment('QRD', now, 'R', 'I', queryId, '', '', ['1', 'RD']);
  const authority = options.mrnAssigningAuthority ?? '';
  const type = options.mrnTypeCode ?? 'MR';
  switch (options.whoFormat ?? 'xcn') {
    case 'id':
      qrd.set(8, options.mrn);
      break;
    case 'cx':
      qrd.setField(8, [options.mrn, '', '', authority, type]);
      break;
    case 'xcn':
      qrd.setField(8, [options.mrn, '', '', '', '', '', '', '', authority, '', '', '', type]);
      break;
  }
  qrd.set(9, 'DEM');
  if (options.includeQrf) {
    msg.addSegment('QRF', options.receivingFacility || options.receivingApplication || '');
  }
  return msg;
}
