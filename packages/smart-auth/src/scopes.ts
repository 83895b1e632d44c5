/**
 * SMART on FHIR resource scopes, v1 (`system/Patient.read`) and v2 (`system/Patient.rs`).
 *
 * SMART App Launch 2.x, "Scopes for requesting clinical data": v1 `read` = v2 `rs`, `write` =
 * `cud`, `*` = `cruds`; v2 letters are a subset of `cruds` written in that order; a v2 scope may
 * be narrowed by a query (`system/Observation.rs?category=laboratory`). Cerner rejects wildcard
 * resource types and the `*` permission, but the parser still understands them.
 */
import { SmartAuthError } from './errors.js';

/**
 * One permission letter of SMART v2: create, read, update, delete, search.
 *
 * @example
 * ```ts
 * const canSearch = (s: SmartScope): boolean => s.permissions.has('s' satisfies ScopePermission);
 * ```
 */
export type ScopePermission = 'c' | 'r' | 'u' | 'd' | 's';

/**
 * A parsed resource scope.
 *
 * @example
 * ```ts
 * const s: SmartScope | undefined = parseScope('system/Encounter.crus');
 * s?.style; // 'v2'
 * ```
 */
export interface SmartScope {
  /** The scope as written. */
  raw: string;
  context: 'patient' | 'user' | 'system';
  /** A FHIR resource type, or `*`. */
  resourceType: string;
  /** What it allows, as v2 letters (a v1 `read` gives `r` and `s`). */
  permissions: ReadonlySet<ScopePermission>;
  style: 'v1' | 'v2';
  /** The v2 granular query (`category=laboratory`), without the `?`. */
  query?: string;
}

const ORDER: readonly ScopePermission[] = ['c', 'r', 'u', 'd', 's'];
const V1: ReadonlyMap<string, readonly ScopePermission[]> = new Map([
  ['read', ['r', 's']],
  ['write', ['c', 'u', 'd']],
  ['*', ['c', 'r', 'u', 'd', 's']],
]);
const SCOPE_RE = /^(patient|user|system)\/([A-Za-z][A-Za-z0-9]*|\*)\.([a-z]+|\*)(?:\?(.+))?$/;

/**
 * Parses one resource scope.
 *
 * @param raw - e.g. `system/Patient.read`, `system/Encounter.crus` or
 *   `system/Observation.rs?category=laboratory`
 * @returns the scope; undefined for non-resource scopes (`openid`, `launch`, `fhirUser`) and for
 *   invalid ones (v2 letters out of `cruds` order or repeated, unknown permissions, a query on a
 *   v1 scope)
 * @example
 * ```ts
 * parseScope('system/Patient.read')?.permissions; // Set { 'r', 's' }
 * parseScope('system/Patient.sr'); // undefined: letters must follow cruds order
 * parseScope('openid'); // undefined
 * ```
 */
export function parseScope(raw: string): SmartScope | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = SCOPE_RE.exec(raw);
  if (!m) return undefined;
  const context = m[1] as SmartScope['context'];
  const resourceType = m[2]!;
  const perm = m[3]!;
  const query = m[4];
  const v1 = V1.get(perm);
  if (v1) {
    if (query !== undefined) return undefined; // granular queries exist only in v2
    return { raw, context, resourceType, permissions: new Set(v1), style: 'v1' };
  }
  let last = -1;
  for (const ch of perm) {
    const idx = ORDER.indexOf(ch as ScopePermission);
    if (idx <= last) return undefined; // unknown, repeated or out of cruds order
    last = idx;
  }
  const scope: SmartScope = {
    raw,
    context,
    resourceType,
    permissions: new Set(perm as unknown as Iterable<ScopePermission>),
    style: 'v2',
  };
  if (query !== undefined) scope.query = query;
  return scope;
}

// satisfies() runs per FHIR request in fhir-r4-actions and per request in the mock: memoise
// parsing. These objects never leave the module (parseScope hands out fresh ones).
const parsedCache = new Map<string, SmartScope | null>();
function parseCached(raw: string): SmartScope | undefined {
  const hit = parsedCache.get(raw);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parseScope(raw);
  if (parsedCache.size >= 2048) parsedCache.clear();
  parsedCache.set(raw, parsed ?? null);
  return parsed;
}

const WS = /\s+/;

/**
 * Splits a space-separated scope string, or a list of them, into unique scopes in order.
 *
 * @param input - `'system/Patient.read system/Encounter.read'`, a list, or undefined
 * @returns the scopes, trimmed, without empties or duplicates, first occurrence kept
 * @example
 * ```ts
 * splitScopes(' system/Patient.read  system/Patient.read openid'); // ['system/Patient.read', 'openid']
 * splitScopes(['a b', 'b c']); // ['a', 'b', 'c']
 * ```
 */
export function splitScopes(input: string | readonly string[] | undefined): string[] {
  if (input === undefined || input === null) return [];
  const out = new Set<string>();
  const add = (s: string): void => {
    for (const part of s.split(WS)) if (part !== '') out.add(part);
  };
  if (typeof input === 'string') add(input);
  else for (const s of input) if (typeof s === 'string') add(s);
  return [...out];
}

function covers(
  granted: readonly SmartScope[],
  grantedRaw: ReadonlySet<string>,
  required: string,
): boolean {
  if (grantedRaw.has(required)) return true;
  const need = parseCached(required);
  if (!need) return false; // a non-resource scope (openid, launch…) must be granted verbatim
  let have = 0;
  for (const g of granted) {
    if (g.context !== need.context) continue;
    if (g.resourceType !== '*' && g.resourceType !== need.resourceType) continue;
    // A query-qualified grant is narrower than an unqualified one: it only counts for the same query.
    if (g.query !== undefined && g.query !== need.query) continue;
    for (const p of g.permissions) have |= 1 << ORDER.indexOf(p);
  }
  for (const p of need.permissions) if ((have & (1 << ORDER.indexOf(p))) === 0) return false;
  return true;
}

/**
 * The required scopes that the granted ones do not cover, as the caller wrote them.
 *
 * A required scope is covered by the union of the granted scopes with the same context
 * (`system`, `user`, `patient`) and the same resource type or `*`: v1 and v2 are equivalent
 * (`.read` = `.rs`), `.r` plus `.s` covers `.read`, and a query-qualified grant covers only a
 * requirement with the same query. Non-resource scopes must be granted verbatim.
 *
 * @param granted - the granted scopes (a token's `scopes`, or a space-separated string)
 * @param required - the scopes needed
 * @returns the uncovered required scopes, in the caller's order and spelling
 * @example
 * ```ts
 * missingScopes('system/Patient.rs', ['system/Patient.read', 'system/Patient.write']);
 * // ['system/Patient.write']
 * ```
 */
export function missingScopes(
  granted: string | readonly string[],
  required: string | readonly string[],
): string[] {
  const { parsed, raw } = grantedIndex(granted);
  if (typeof required === 'string' && !WS.test(required)) {
    return required === '' || covers(parsed, raw, required) ? [] : [required];
  }
  return splitScopes(required).filter((r) => !covers(parsed, raw, r));
}

interface GrantedIndex {
  parsed: SmartScope[];
  raw: ReadonlySet<string>;
}

// A token's `scopes` is a frozen array checked on every request: index it once per array.
const grantedCache = new WeakMap<readonly string[], GrantedIndex>();

function grantedIndex(granted: string | readonly string[]): GrantedIndex {
  const cacheable = typeof granted !== 'string' && Object.isFrozen(granted);
  if (cacheable) {
    const hit = grantedCache.get(granted);
    if (hit) return hit;
  }
  const grantedList = splitScopes(granted);
  const parsed: SmartScope[] = [];
  for (const g of grantedList) {
    const s = parseCached(g);
    if (s) parsed.push(s);
  }
  const index = { parsed, raw: new Set(grantedList) };
  if (cacheable) grantedCache.set(granted, index);
  return index;
}

/**
 * True when the granted scopes cover every required scope (see {@link missingScopes}).
 *
 * @param granted - the granted scopes
 * @param required - the scopes needed
 * @returns whether nothing is missing
 * @example
 * ```ts
 * satisfies('system/Patient.rs', 'system/Patient.read'); // true
 * satisfies('system/*.read', 'system/Encounter.rs'); // true
 * satisfies('user/Patient.read', 'system/Patient.read'); // false
 * ```
 */
export function satisfies(
  granted: string | readonly string[],
  required: string | readonly string[],
): boolean {
  return missingScopes(granted, required).length === 0;
}

/**
 * Throws `missing_scope`, naming each missing scope, unless the granted scopes cover the
 * required ones.
 *
 * @param granted - the granted scopes (e.g. `token.scopes`)
 * @param required - the scopes needed
 * @throws {@link SmartAuthError} `missing_scope` with `missingScopes`
 * @example
 * ```ts
 * const token = await auth.getToken();
 * assertScopes(token.scopes, ['system/Patient.read']); // throws if Cerner dropped it
 * ```
 */
export function assertScopes(
  granted: string | readonly string[],
  required: string | readonly string[],
): void {
  const missing = missingScopes(granted, required);
  if (missing.length === 0) return;
  const grantedList = splitScopes(granted);
  throw new SmartAuthError(
    'missing_scope',
    `The token lacks ${missing.join(', ')} (granted: ${grantedList.join(' ') || 'nothing'}). ` +
      `Register ${missing.length > 1 ? 'these scopes' : 'this scope'} for the app (Cerner: the system account in Code Console), ` +
      'in the scope style it is registered with (v1 .read/.write or v2 .rs/.crus).',
    { missingScopes: missing },
  );
}

/**
 * Writes a resource scope in the other SMART syntax.
 *
 * @param scope - a resource scope, v1 or v2
 * @param style - the syntax wanted
 * @returns the converted scope; undefined for non-resource scopes and when the permissions cannot
 *   be written in that style (v1 has only `read` = rs, `write` = cud and `*` = cruds; queries
 *   exist only in v2)
 * @example
 * ```ts
 * toScopeStyle('system/Patient.read', 'v2'); // 'system/Patient.rs'
 * toScopeStyle('system/Patient.cud', 'v1'); // 'system/Patient.write'
 * toScopeStyle('system/Patient.r', 'v1'); // undefined
 * ```
 */
export function toScopeStyle(scope: string, style: 'v1' | 'v2'): string | undefined {
  const s = parseCached(scope);
  if (!s) return undefined;
  const base = `${s.context}/${s.resourceType}.`;
  const letters = ORDER.filter((p) => s.permissions.has(p)).join('');
  if (style === 'v2') return base + letters + (s.query !== undefined ? `?${s.query}` : '');
  if (s.query !== undefined) return undefined;
  for (const [name, perms] of V1) if (perms.join('') === letters) return base + name;
  return undefined;
}
