/**
 * One fault injected on the MLLP listener (`protocol: 'mllp'` in `PUT /admin/faults`). HTTP rules
 * never match an HL7 message, and this rule never matches an HTTP request.
 */
export interface MllpFaultRule {
  protocol: 'mllp';
  /**
   * Which messages (MSH-9): `ORU^R01`, `QRY^A19`, `MDM^T02`, or a type alone (`ORU`: any event);
   * case-insensitive. Omitted: every message that parses.
   */
  messageType?: string;
  /**
   * Answer this code instead (CE / CR when the message asks for enhanced mode in MSH-15), with an
   * ERR 207 and an MSA-3 saying the fault was injected; the message is not handled (a document
   * is not stored).
   */
  ack?: 'AE' | 'AR';
  /** Delay the reply (ms, at most 60000); the message is handled (stored) at once. */
  latencyMs?: number;
  /** Close the connection instead of replying (after `latencyMs`, when given). */
  drop?: boolean;
  /** Send no reply but keep the connection open; later messages on it are answered as usual. */
  noReply?: boolean;
  /**
   * With `drop` or `noReply`: handle (store) the message first, so only the ACK is lost; a
   * retransmission of the same MSH-10 is then answered AA with the same DocumentReference.
   * Default false: the message is withheld before it is handled (nothing is stored).
   */
  dropAfterStore?: boolean;
  /** Apply to the next N matching messages, then retire (default: until cleared). */
  times?: number;
}

const FIELDS = new Set([
  'protocol',
  'messageType',
  'ack',
  'latencyMs',
  'drop',
  'noReply',
  'dropAfterStore',
  'times',
]);
const HTTP_FIELDS = new Set(['path', 'method', 'status', 'retryAfter', 'body']);
/** The fields only an MLLP rule has: an HTTP rule naming one most likely forgot its `protocol`. */
export const MLLP_ONLY_FIELDS = ['messageType', 'ack', 'noReply'] as const;
const MESSAGE_TYPE = /^[A-Za-z0-9]{3}(\^[A-Za-z0-9]{3})?$/;

/**
 * Checks one `protocol: 'mllp'` rule of a `PUT /admin/faults` body.
 *
 * @param rule - the rule as sent
 * @param at - where it is, e.g. `rules[2]`, for the error text
 * @returns the rule, or an error text naming the field
 * @example
 * ```ts
 * parseMllpFaultRule({ protocol: 'mllp', messageType: 'ORU^R01', ack: 'AE' }, 'rules[0]');
 * parseMllpFaultRule({ protocol: 'mllp', status: 500 }, 'rules[0]'); // 'rules[0].status: …'
 * ```
 */
export function parseMllpFaultRule(
  rule: Record<string, unknown>,
  at: string,
): MllpFaultRule | string {
  for (const key of Object.keys(rule)) {
    if (HTTP_FIELDS.has(key)) {
      return `${at}.${key}: an HTTP rule field; an mllp rule matches on messageType`;
    }
    if (!FIELDS.has(key)) return `${at}.${key}: not a field of an mllp rule`;
  }
  const { messageType, ack, latencyMs, drop, noReply, dropAfterStore, times } = rule;
  if (
    messageType !== undefined &&
    !(typeof messageType === 'string' && MESSAGE_TYPE.test(messageType))
  ) {
    return `${at}.messageType: a message type such as ORU^R01, QRY^A19 or ORU`;
  }
  if (ack !== undefined && ack !== 'AE' && ack !== 'AR') return `${at}.ack: AE or AR`;
  for (const [name, value] of [
    ['drop', drop],
    ['noReply', noReply],
    ['dropAfterStore', dropAfterStore],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') return `${at}.${name}: true or false`;
  }
  if (
    latencyMs !== undefined &&
    !(typeof latencyMs === 'number' && latencyMs >= 0 && latencyMs <= 60_000)
  ) {
    return `${at}.latencyMs: 0 to 60000`;
  }
  if (times !== undefined && !(Number.isInteger(times) && (times as number) > 0)) {
    return `${at}.times: a positive integer`;
  }
  if (drop === true && noReply === true) return `${at}.noReply: not with drop`;
  if (ack !== undefined && (drop === true || noReply === true)) {
    return `${at}.ack: not with drop or noReply (nothing is answered)`;
  }
  if (noReply === true && latencyMs !== undefined) {
    return `${at}.latencyMs: not with noReply (nothing is answered)`;
  }
  if (dropAfterStore !== undefined && drop !== true && noReply !== true) {
    return `${at}.dropAfterStore: only with drop or noReply`;
  }
  if (ack === undefined && latencyMs === undefined && drop !== true && noReply !== true) {
    return `${at}: give ack, latencyMs, drop or noReply`;
  }
  return rule as unknown as MllpFaultRule;
}

/**
 * Whether a rule's `messageType` covers a message.
 *
 * @param ruleType - the rule's `messageType` (undefined: any)
 * @param messageType - the message's `TYPE^EVENT` (MSH-9.1 and 9.2), upper case
 * @returns true when the rule applies
 * @example
 * ```ts
 * mllpTypeMatches('oru', 'ORU^R01'); // true
 * mllpTypeMatches('ORU^R01', 'MDM^T02'); // false
 * ```
 */
export function mllpTypeMatches(ruleType: string | undefined, messageType: string): boolean {
  if (ruleType === undefined) return true;
  const want = ruleType.toUpperCase();
  return want.includes('^') ? want === messageType : messageType.split('^')[0] === want;
}

/**
 * How a rule is named in the request log: `ack AE`, `latency 50 ms`, `drop after store`,
 * `latency 20 ms + drop`, `no reply`.
 *
 * @param rule - the applied rule
 * @returns the text of the log entry's `fault`
 * @example
 * ```ts
 * describeMllpFault({ protocol: 'mllp', drop: true, dropAfterStore: true }); // 'drop after store'
 * ```
 */
export function describeMllpFault(rule: MllpFaultRule): string {
  const parts: string[] = [];
  if (rule.latencyMs) parts.push(`latency ${rule.latencyMs} ms`);
  if (rule.ack) parts.push(`ack ${rule.ack}`);
  const after = rule.dropAfterStore ? ' after store' : '';
  if (rule.drop) parts.push(`drop${after}`);
  if (rule.noReply) parts.push(`no reply${after}`);
  return parts.join(' + ') || 'none';
}
