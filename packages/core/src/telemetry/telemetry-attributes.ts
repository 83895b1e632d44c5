/**
 * The one PHI guard of cerner-kit's telemetry: every span attribute, event attribute and metric
 * label goes through {@link redactTelemetryAttributes}, which keeps only the keys listed here and,
 * for each, only values of the listed shape. An allow-list: a key nobody listed is dropped, and a
 * string that does not look like what the key promises (an MRN where a request id should be, a
 * name where a message type should be) becomes `[redacted]`. No rule admits free text, a URL with
 * a query, an identifier value, a date or a name.
 */

/** What replaces a string value that does not have its key's shape. */
export const REDACTED = '[redacted]';

type Rule =
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'pattern'; re: RegExp }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'list'; re: RegExp; max: number };

const e = (...values: string[]): Rule => ({ kind: 'enum', values });
const p = (re: RegExp): Rule => ({ kind: 'pattern', re });
const int = (min: number, max: number): Rule => ({ kind: 'int', min, max });
const num = (min: number, max: number): Rule => ({ kind: 'number', min, max });
const bool: Rule = { kind: 'boolean' };

/** Literal segments of a URL template: words without digits, or a few fixed ones (`r4`, `oauth2`). */
const TEMPLATE_SEGMENT = String.raw`(?:\{[a-z_]{1,32}\}|[A-Za-z$_.-]{1,64}|r4|dstu2|oauth2|smart-v1)`;
const COUNT = int(0, 1_000_000);
const ERROR_TYPE = p(/^[A-Za-z0-9_.]{1,64}$/);

/**
 * Every attribute key cerner-kit may export, with the shape of its values. Semantic-convention
 * keys (`http.*`, `server.*`, `url.template`, `error.type`, `exception.type`, `messaging.*`)
 * mean what the OpenTelemetry conventions say; `cerner.*`, `fhir.*`, `hl7.*` and `mllp.*` are
 * ours (see each package's README, "Telemetry").
 */
export const TELEMETRY_ATTRIBUTE_RULES = {
  // HTTP client (stable semantic conventions)
  'http.request.method': e('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '_OTHER'),
  'http.response.status_code': int(100, 599),
  'http.request.resend_count': int(0, 100),
  'server.address': p(/^(?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}$|^\[?[0-9a-fA-F:.]{2,45}\]?$/),
  'server.port': int(1, 65_535),
  'url.scheme': e('http', 'https'),
  'url.template': p(new RegExp(`^(?:/${TEMPLATE_SEGMENT})*/?$`)),
  'error.type': ERROR_TYPE,
  'exception.type': p(/^[A-Za-z][A-Za-z0-9_.]{0,63}$/),
  // Cerner and FHIR
  'cerner.action': p(/^[a-z][A-Za-z]{2,63}$/),
  'cerner.tenant_id': p(/^[A-Za-z0-9-]{1,64}$/),
  'cerner.request_id': p(/^[A-Za-z0-9._:/+=-]{1,160}$/),
  'cerner.status_class': e('1xx', '2xx', '3xx', '4xx', '5xx', 'none'),
  'cerner.fhir.in_doubt': bool,
  'cerner.fhir.page_count': COUNT,
  'cerner.fhir.result_count': COUNT,
  'cerner.retry.reason': e('status', 'network', 'timeout', 'token'),
  'cerner.retry.delay_ms': num(0, 86_400_000),
  'cerner.retry.from_retry_after': bool,
  'cerner.trace_context.propagated': bool,
  'fhir.resource_type': p(/^[A-Z][A-Za-z]{1,63}$/),
  'fhir.interaction': e('read', 'vread', 'search', 'create', 'update', 'capabilities', 'other'),
  // SMART tokens
  'cerner.token.cache': e('hit', 'miss', 'coalesced'),
  'cerner.token.scopes': {
    kind: 'list',
    re: /^[A-Za-z_]{1,32}(?:\/[A-Za-z*]{1,64}\.[a-z*]{1,8})?$/,
    max: 64,
  },
  'cerner.token.dropped_scope_count': COUNT,
  'cerner.token.expires_in_s': int(-86_400, 31_536_000),
  'cerner.auth.method': e('client_secret_basic', 'private_key_jwt'),
  // HL7 v2 over MLLP
  // MSH-9: a 3-letter code, an event such as A19 / R01 / T02, a structure such as ORU_R01
  'hl7.message_type': p(/^[A-Z]{3}(?:\^[A-Z][0-9]{2}(?:\^[A-Z]{3}(?:_[A-Z][0-9]{2})?)?)?$/),
  'hl7.control_id': p(/^[A-Za-z0-9._:-]{1,64}$/),
  'hl7.version': p(/^\d\.\d{1,2}(?:\.\d{1,2})?$/),
  'hl7.ack_code': e('AA', 'AE', 'AR', 'CA', 'CE', 'CR'),
  'hl7.return_ack': e('first', 'application'),
  'mllp.frame_bytes': int(0, 2 ** 31),
  // Durable delivery (semantic conventions for messaging, plus ours)
  'messaging.system': e('pg-boss'),
  'messaging.operation.type': e('send', 'process', 'settle'),
  'messaging.destination.name': p(/^[A-Za-z0-9_.:-]{1,128}$/),
  'cerner.delivery.kind': e('createPatient', 'createClinicalNote', 'hl7'),
  'cerner.delivery.id': p(/^[A-Za-z0-9-]{1,64}$/),
  'cerner.delivery.attempt': int(1, 1_000_000),
  'cerner.delivery.outcome': e('delivered', 'retry', 'dead', 'needs_review'),
  'cerner.delivery.step': p(/^[a-z_]{1,40}$/),
  'cerner.delivery.in_doubt': bool,
} as const satisfies Record<string, Rule>;

/** A key of {@link TELEMETRY_ATTRIBUTE_RULES}. */
export type TelemetryAttributeKey = keyof typeof TELEMETRY_ATTRIBUTE_RULES;

type ValueOf<R> = R extends { kind: 'boolean' }
  ? boolean
  : R extends { kind: 'int' | 'number' }
    ? number
    : R extends { kind: 'list' }
      ? readonly string[]
      : string;

/**
 * Attributes as cerner-kit's code writes them: only listed keys (a typo is a compile error),
 * each with its value type; `undefined` values are left out.
 *
 * @example
 * ```ts
 * const attrs: TelemetryAttributes = { 'cerner.action': 'getPatient', 'http.response.status_code': 200 };
 * ```
 */
export type TelemetryAttributes = {
  [K in TelemetryAttributeKey]?: ValueOf<(typeof TELEMETRY_ATTRIBUTE_RULES)[K]> | undefined;
};

/**
 * Attribute values as OpenTelemetry takes them (a subset of its `AttributeValue`).
 *
 * @example
 * ```ts
 * const out: SafeAttributes = redactTelemetryAttributes({ 'hl7.ack_code': 'AA' });
 * ```
 */
export type SafeAttributes = Record<string, string | number | boolean | string[]>;

const RULES: Readonly<Record<string, Rule>> = TELEMETRY_ATTRIBUTE_RULES;

/** Shapes no listed string may have, whatever its pattern allows: dates and SSNs. */
const PHI_SHAPES = /^\d{4}-\d{2}-\d{2}(?:$|T)|^\d{3}-\d{2}-\d{4}$/;

const fits = (re: RegExp, v: unknown): v is string =>
  typeof v === 'string' && re.test(v) && !PHI_SHAPES.test(v);

function clean(rule: Rule, value: unknown): string | number | boolean | string[] | undefined {
  switch (rule.kind) {
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? value : REDACTED;
    case 'pattern':
      return fits(rule.re, value) ? value : REDACTED;
    case 'int':
      return typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= rule.min &&
        value <= rule.max
        ? value
        : undefined;
    case 'number':
      return typeof value === 'number' && value >= rule.min && value <= rule.max
        ? value
        : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'list':
      return Array.isArray(value)
        ? (value as unknown[]).slice(0, rule.max).map((v) => (fits(rule.re, v) ? v : REDACTED))
        : undefined;
  }
}

/**
 * The PHI guard: keeps the listed keys whose values have the listed shape. A string of the wrong
 * shape becomes `[redacted]` (the key stays, so the gap is visible); a number out of range, a
 * non-boolean flag and an unlisted key are left out. Used for every span attribute, event
 * attribute and metric label cerner-kit records.
 *
 * @param attrs - the attributes to record
 * @returns a new object safe to hand to OpenTelemetry
 * @throws never
 * @example
 * ```ts
 * redactTelemetryAttributes({ 'url.template': '/r4/{tenant}/Patient/{id}', 'hl7.control_id': 'Smith^John' });
 * // { 'url.template': '/r4/{tenant}/Patient/{id}', 'hl7.control_id': '[redacted]' }
 * ```
 */
export function redactTelemetryAttributes(attrs: TelemetryAttributes): SafeAttributes {
  const out: SafeAttributes = {};
  for (const key in attrs) {
    const value = (attrs as Record<string, unknown>)[key];
    if (value === undefined || !Object.hasOwn(RULES, key)) continue;
    const safe = clean(RULES[key]!, value);
    if (safe !== undefined) out[key] = safe;
  }
  return out;
}

/**
 * One value through its key's rule, for span names built from attributes (`hl7 send ORU^R01`).
 *
 * @param key - a listed key
 * @param value - the value
 * @returns the value when it has the key's shape, otherwise `[redacted]` (or `undefined` for a
 *   number or flag that does not fit)
 * @throws never
 * @example
 * ```ts
 * safeAttributeValue('hl7.message_type', 'ORU^R01'); // 'ORU^R01'
 * ```
 */
export function safeAttributeValue<K extends TelemetryAttributeKey>(
  key: K,
  value: ValueOf<(typeof TELEMETRY_ATTRIBUTE_RULES)[K]>,
): string | number | boolean | string[] | undefined {
  return clean(RULES[key]!, value);
}
