/** One injected fault: which requests it hits and what happens to them. */
export interface FaultRule {
  /** HTTP method to match (default any). */
  method?: string;
  /** Path glob after the FHIR base or from the root, e.g. `Patient/*`, `/tenants/*`; `*` matches within a segment, `**` across. */
  path: string;
  /** Answer with this status (an OperationOutcome unless `body` is given). */
  status?: number;
  /** Delay before handling (ms). */
  latencyMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Apply to the next N matching requests, then retire (default: until cleared). */
  times?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Response body (JSON) instead of the default OperationOutcome. */
  body?: unknown;
}

interface ActiveRule extends FaultRule {
  re: RegExp;
  remaining: number;
}

function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/^\//, '');
  const re = g
    .split('**')
    .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^/?(?:.*/)?${re}$`);
}

/** Faults injected through `PUT /admin/faults`. */
export interface FaultRegistry {
  set(rules: FaultRule[]): void;
  list(): FaultRule[];
  /** The first live rule for this request, consuming one of its `times`. */
  match(method: string, path: string): FaultRule | undefined;
  reset(): void;
}

/** Checks a rule list from the admin API; returns an error text naming the field, or the rules. */
export function parseFaultRules(body: unknown): FaultRule[] | string {
  const rules = (body as { rules?: unknown } | undefined)?.rules;
  if (!Array.isArray(rules)) return 'rules: expected a list';
  for (const [i, r] of rules.entries()) {
    const p = `rules[${i}]`;
    if (typeof r !== 'object' || r === null) return `${p}: expected an object`;
    const rule = r as Record<string, unknown>;
    if (typeof rule.path !== 'string' || rule.path === '') return `${p}.path: required`;
    if (rule.status !== undefined && !(Number.isInteger(rule.status) && (rule.status as number) >= 100 && (rule.status as number) <= 599)) return `${p}.status: an HTTP status`;
    if (rule.latencyMs !== undefined && !(typeof rule.latencyMs === 'number' && rule.latencyMs >= 0 && rule.latencyMs <= 60_000)) return `${p}.latencyMs: 0 to 60000`;
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && (rule.times as number) > 0)) return `${p}.times: a positive integer`;
    if (rule.retryAfter !== undefined && !(typeof rule.retryAfter === 'number' && rule.retryAfter >= 0)) return `${p}.retryAfter: seconds`;
    if (rule.status === undefined && rule.latencyMs === undefined && rule.drop !== true) return `${p}: give status, latencyMs or drop`;
  }
  return rules as FaultRule[];
}

export function createFaultRegistry(): FaultRegistry {
  let rules: ActiveRule[] = [];
  return {
    set(next) {
      rules = next.map((r) => ({ ...r, re: globToRegExp(r.path), remaining: r.times ?? Infinity }));
    },
    list: () => rules.map(({ re: _re, remaining, ...r }) => ({ ...r, ...(Number.isFinite(remaining) ? { times: remaining } : {}) })),
    match(method, path) {
      const hit = rules.find((r) => r.remaining > 0 && (!r.method || r.method.toUpperCase() === method) && r.re.test(path));
      if (hit) hit.remaining -= 1;
      rules = rules.filter((r) => r.remaining > 0);
      return hit;
    },
    reset() {
      rules = [];
    },
  };
}
