/**
 * SMART on FHIR scopes, v1 (`system/Patient.read`) and v2 (`system/Patient.rs`).
 * v1 `read` = v2 `rs`, `write` = `cud`, `*` = `cruds` (SMART App Launch 2.x, "scopes for
 * requesting clinical data"). Cerner rejects wildcard resource types, but the parser knows them.
 */

/** One permission letter of SMART v2. */
export type ScopePermission = 'c' | 'r' | 'u' | 'd' | 's';

/** A parsed resource scope. */
export interface SmartScope {
  raw: string;
  context: 'patient' | 'user' | 'system';
  /** A FHIR resource type, or `*`. */
  resourceType: string;
  permissions: ReadonlySet<ScopePermission>;
  style: 'v1' | 'v2';
  /** v2 granular query (`?category=…`), without the `?`. */
  query?: string;
}

const ORDER: readonly ScopePermission[] = ['c', 'r', 'u', 'd', 's'];
const V1: Readonly<Record<string, readonly ScopePermission[]>> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};
const SCOPE_RE = /^(patient|user|system)\/([A-Za-z]+|\*)\.([A-Za-z*]+)(?:\?(.+))?$/;
const cache = new Map<string, SmartScope | null>();

/**
 * Parses one resource scope.
 *
 * @param raw - e.g. `system/Patient.read` or `system/Observation.rs?category=laboratory`
 * @returns the scope, or undefined for non-resource scopes (`openid`, `launch`) and invalid ones
 *   (v2 letters out of `cruds` order, unknown permissions)
 * @example
 * ```ts
 * parseScope('system/Patient.read')?.permissions; // Set { 'r', 's' }
 * ```
 */
export function parseScope(raw: string): SmartScope | undefined {
  const hit = cache.get(raw);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parseUncached(raw);
  if (cache.size > 1000) cache.clear();
  cache.set(raw, parsed ?? null);
  return parsed;
}

function parseUncached(raw: string): SmartScope | undefined {
  const m = SCOPE_RE.exec(raw);
  if (!m) return undefined;
  const [, context, resourceType, perm, query] = m as unknown as [string, SmartScope['context'], string, string, string?];
  const v1 = V1[perm];
  if (v1) {
    if (query !== undefined) return undefined; // queries are v2 only
    return { raw, context, resourceType, permissions: new Set(v1), style: 'v1' };
  }
  let last = -1;
  const letters: ScopePermission[] = [];
  for (const ch of perm) {
    const idx = ORDER.indexOf(ch as ScopePermission);
    if (idx <= last) return undefined; // unknown letter, repeated, or out of cruds order
    last = idx;
    letters.push(ch as ScopePermission);
  }
  return {
    raw,
    context,
    resourceType,
    permissions: new Set(letters),
    style: 'v2',
    ...(query !== undefined ? { query } : {}),
  };
}

/**
 * Splits a space-separated scope string (or a list) into unique scopes, in order.
 *
 * @example
 * ```ts
 * splitScopes('system/Patient.read  system/Patient.read openid'); // ['system/Patient.read', 'openid']
 * ```
 */
export function splitScopes(input: string | readonly string[] | undefined): string[] {
  if (input === undefined) return [];
  const parts = typeof input === 'string' ? input.split(/\s+/) : input.flatMap((s) => s.split(/\s+/));
  return [...new Set(parts.map((s) => s.trim()).filter((s) => s.length > 0))];
}

function covers(granted: readonly SmartScope[], grantedRaw: ReadonlySet<string>, required: string): boolean {
  if (grantedRaw.has(required)) return true;
  const need = parseScope(required);
  if (!need) return false; // a non-resource scope must be granted verbatim
  const have = new Set<ScopePermission>();
  for (const g of granted) {
    if (g.context !== need.context) continue;
    if (g.resourceType !== '*' && g.resourceType !== need.resourceType) continue;
    if (g.query !== undefined && g.query !== need.query) continue; // a filtered grant is narrower
    for (const p of g.permissions) have.add(p);
  }
  for (const p of need.permissions) if (!have.has(p)) return false;
  return true;
}

/**
 * The required scopes that the granted ones do not cover, as the caller wrote them.
 * Understands v1/v2 equivalence, wildcard resource types and unions of grants
 * (`.r` + `.s` covers `.read`).
 *
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
  const grantedList = splitScopes(granted);
  const parsed = grantedList.map(parseScope).filter((s): s is SmartScope => s !== undefined);
  const raw = new Set(grantedList);
  return splitScopes(required).filter((r) => !covers(parsed, raw, r));
}

/**
 * True when the granted scopes cover every required scope.
 *
 * @example
 * ```ts
 * satisfies('system/Patient.rs', 'system/Patient.read'); // true
 * ```
 */
export function satisfies(granted: string | readonly string[], required: string | readonly string[]): boolean {
  return missingScopes(granted, required).length === 0;
}

/**
 * Writes a resource scope in the other SMART syntax.
 *
 * @returns the converted scope, or undefined when it cannot be expressed (v1 has only read,
 *   write and `*`; queries exist only in v2)
 * @example
 * ```ts
 * toScopeStyle('system/Patient.read', 'v2'); // 'system/Patient.rs'
 * toScopeStyle('system/Patient.cud', 'v1'); // 'system/Patient.write'
 * ```
 */
export function toScopeStyle(scope: string, style: 'v1' | 'v2'): string | undefined {
  const s = parseScope(scope);
  if (!s) return undefined;
  const base = `${s.context}/${s.resourceType}.`;
  if (style === 'v2') {
    return base + ORDER.filter((p) => s.permissions.has(p)).join('') + (s.query ? `?${s.query}` : '');
  }
  if (s.query !== undefined) return undefined;
  const letters = ORDER.filter((p) => s.permissions.has(p)).join('');
  for (const [name, perms] of Object.entries(V1)) if (perms.join('') === letters) return base + name;
  return undefined;
}
