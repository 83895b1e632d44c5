import {
  MLLP_ONLY_FIELDS,
  mllpTypeMatches,
  parseMllpFaultRule,
  type MllpFaultRule,
} from './mllp-fault-rules.js';

/** One injected HTTP fault: which requests it hits and what happens to them. */
export interface HttpFaultRule {
  /** `http` or absent: the rule matches token and FHIR requests, never an MLLP message. */
  protocol?: 'http';
  /** HTTP method to match (default any). */
  method?: string;
  /**
   * Which paths: a glob matched against the end of the path (so `Patient/*` hits
   * `/r4/{tenant}/Patient/123`; `*` stays within a segment, `**` crosses segments; a leading `/`
   * anchors at the root, e.g. `/tenants/**`), or a regular expression written `/…/` (optionally
   * with flags, e.g. `/Patient\?identifier=/i`) tested against the path with its query.
   */
  path: string;
  /** Answer with this status (an OperationOutcome unless `body` is given). */
  status?: number;
  /** Delay before handling (ms). */
  latencyMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /**
   * With `drop`: handle the request first (a create is stored), then destroy the connection
   * instead of sending the answer, so only the response is lost. Default false: dropped unhandled.
   */
  dropAfterStore?: boolean;
  /** Chance (0 to 1, default 1) that a matching request is hit; a miss consumes no `times`. */
  probability?: number;
  /** Apply to the next N matching requests, then retire (default: until cleared). */
  times?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Response body (JSON) instead of the default OperationOutcome. */
  body?: unknown;
}

/** One rule of `PUT /admin/faults`: HTTP (the default) or MLLP (`protocol: 'mllp'`). */
export type FaultRule = HttpFaultRule | MllpFaultRule;

interface ActiveRule extends HttpFaultRule {
  test: (pathOnly: string, withQuery: string) => boolean;
  remaining: number;
}

interface ActiveMllpRule extends MllpFaultRule {
  remaining: number;
}

const REGEX_RULE = /^\/(.+)\/([imsu]*)$/;

/**
 * The matcher of a rule's `path`: `/…/flags` is a regular expression (tested against path + query);
 * anything else a glob (tested against the path without query).
 *
 * @param path - the rule's path
 * @returns a tester taking the path and the path with query
 * @throws SyntaxError for an invalid regular expression
 */
export function pathMatcher(path: string): (pathOnly: string, withQuery: string) => boolean {
  const rx = REGEX_RULE.exec(path);
  if (rx) {
    const re = new RegExp(rx[1]!, rx[2]);
    return (_p, withQuery) => re.test(withQuery);
  }
  const anchored = path.startsWith('/');
  const re = path
    .replace(/^\//, '')
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  const glob = new RegExp(anchored ? `^/${re}/?$` : `^/?(?:.*/)?${re}/?$`);
  return (pathOnly) => glob.test(pathOnly);
}

/** Faults injected through `PUT /admin/faults`. */
export interface FaultRegistry {
  set(rules: FaultRule[]): void;
  list(): FaultRule[];
  /**
   * The first live HTTP rule for this request, consuming one of its `times`.
   *
   * @param method - the HTTP method
   * @param path - the path without query
   * @param withQuery - the path with its query (for regex rules; default `path`)
   * @returns the rule, or undefined
   */
  match(method: string, path: string, withQuery?: string): HttpFaultRule | undefined;
  /**
   * The first live MLLP rule for this message, consuming one of its `times`.
   *
   * @param messageType - MSH-9.1 and 9.2 as `TYPE^EVENT`, upper case
   * @returns the rule, or undefined
   */
  matchMllp(messageType: string): MllpFaultRule | undefined;
  reset(): void;
}

/**
 * Checks a rule list from the admin API.
 *
 * @param body - `{ rules: FaultRule[] }`
 * @returns the rules, or an error text naming the field
 * @example
 * ```ts
 * parseFaultRules({ rules: [{ path: 'Patient/*', status: 503 }] });
 * parseFaultRules({ rules: [{ protocol: 'mllp', messageType: 'ORU^R01', ack: 'AE', times: 1 }] });
 * ```
 */
export function parseFaultRules(body: unknown): FaultRule[] | string {
  const rules = (body as { rules?: unknown } | undefined)?.rules;
  if (!Array.isArray(rules)) return 'rules: expected a list';
  for (const [i, r] of rules.entries()) {
    const p = `rules[${i}]`;
    if (typeof r !== 'object' || r === null) return `${p}: expected an object`;
    const rule = r as Record<string, unknown>;
    if (rule.protocol === 'mllp') {
      const mllp = parseMllpFaultRule(rule, p);
      if (typeof mllp === 'string') return mllp;
      continue;
    }
    if (rule.protocol !== undefined && rule.protocol !== 'http') {
      return `${p}.protocol: 'http' (the default) or 'mllp'`;
    }
    const mllpField = MLLP_ONLY_FIELDS.find((f) => rule[f] !== undefined);
    if (mllpField) return `${p}.protocol: 'mllp' is required for a rule with ${mllpField}`;
    if (typeof rule.path !== 'string' || rule.path === '') return `${p}.path: required`;
    try {
      pathMatcher(rule.path);
    } catch {
      return `${p}.path: not a valid regular expression`;
    }
    if (
      rule.method !== undefined &&
      (typeof rule.method !== 'string' || !/^[A-Za-z]+$/.test(rule.method))
    ) {
      return `${p}.method: an HTTP method`;
    }
    if (rule.drop !== undefined && typeof rule.drop !== 'boolean') {
      return `${p}.drop: true or false`;
    }
    if (
      rule.status !== undefined &&
      !(
        Number.isInteger(rule.status) &&
        (rule.status as number) >= 100 &&
        (rule.status as number) <= 599
      )
    ) {
      return `${p}.status: an HTTP status`;
    }
    if (
      rule.latencyMs !== undefined &&
      !(typeof rule.latencyMs === 'number' && rule.latencyMs >= 0 && rule.latencyMs <= 60_000)
    ) {
      return `${p}.latencyMs: 0 to 60000`;
    }
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && (rule.times as number) > 0)) {
      return `${p}.times: a positive integer`;
    }
    if (
      rule.retryAfter !== undefined &&
      !(typeof rule.retryAfter === 'number' && rule.retryAfter >= 0)
    ) {
      return `${p}.retryAfter: seconds`;
    }
    if (rule.dropAfterStore !== undefined && typeof rule.dropAfterStore !== 'boolean') {
      return `${p}.dropAfterStore: true or false`;
    }
    if (rule.dropAfterStore === true && rule.drop !== true) {
      return `${p}.dropAfterStore: needs drop: true`;
    }
    if (
      rule.probability !== undefined &&
      !(typeof rule.probability === 'number' && rule.probability >= 0 && rule.probability <= 1)
    ) {
      return `${p}.probability: 0 to 1`;
    }
    if (rule.status === undefined && rule.latencyMs === undefined && rule.drop !== true) {
      return `${p}: give status, latencyMs or drop`;
    }
  }
  return rules as FaultRule[];
}

/**
 * The fault registry behind `PUT /admin/faults`; rules apply in order, the first live match wins.
 * HTTP and MLLP rules are kept apart, so an HTTP request never looks at an MLLP rule.
 *
 * @param random - [0, 1) for rules with `probability` (default Math.random)
 * @returns an empty registry
 * @example
 * ```ts
 * const faults = createFaultRegistry();
 * faults.set([{ path: 'Patient/*', status: 503, retryAfter: 2, times: 1 }]);
 * ```
 */
export function createFaultRegistry(random: () => number = Math.random): FaultRegistry {
  let rules: ActiveRule[] = [];
  let mllpRules: ActiveMllpRule[] = [];
  // Every rule as set, in order, for list().
  let all: (ActiveRule | ActiveMllpRule)[] = [];
  return {
    set(next) {
      all = next.map((r) =>
        r.protocol === 'mllp'
          ? { ...r, remaining: r.times ?? Infinity }
          : { ...r, test: pathMatcher(r.path), remaining: r.times ?? Infinity },
      );
      rules = all.filter((r): r is ActiveRule => r.protocol !== 'mllp');
      mllpRules = all.filter((r): r is ActiveMllpRule => r.protocol === 'mllp');
    },
    list: () =>
      all
        .filter((r) => r.remaining > 0)
        .map((active) => {
          const { test: _test, remaining, ...r } = active as ActiveRule;
          return { ...r, ...(Number.isFinite(remaining) ? { times: remaining } : {}) };
        }),
    match(method, path, withQuery = path) {
      const hit = rules.find(
        (r) =>
          r.remaining > 0 &&
          (!r.method || r.method.toUpperCase() === method) &&
          r.test(path, withQuery) &&
          (r.probability === undefined || r.probability >= 1 || random() < r.probability),
      );
      if (hit) hit.remaining -= 1;
      rules = rules.filter((r) => r.remaining > 0);
      return hit;
    },
    matchMllp(messageType) {
      const hit = mllpRules.find(
        (r) => r.remaining > 0 && mllpTypeMatches(r.messageType, messageType),
      );
      if (!hit) return undefined;
      hit.remaining -= 1;
      if (hit.remaining <= 0) mllpRules = mllpRules.filter((r) => r.remaining > 0);
      const { remaining: _remaining, ...rule } = hit;
      return rule;
    },
    reset() {
      rules = [];
      mllpRules = [];
      all = [];
    },
  };
}
