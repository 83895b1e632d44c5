/**
 * The shape checks `POST /admin/load` runs on every resource before storing any of them. Loads skip
 * Cerner's create rules and the full structure validator (they seed data in bulk), but the store's
 * indexes and the FHIR routes read some fields directly: a wrong JSON type there would make the load
 * itself, or every later search that meets the resource, answer 500. So exactly those fields are
 * checked, with the FHIR R4 JSON types.
 */

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one optional field; returns an error text naming it, or undefined. */
type Check = (value: unknown, path: string) => string | undefined;

const optional =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? undefined : check(v, p);

const str: Check = (v, p) => (typeof v === 'string' ? undefined : `${p}: expected a string`);
const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p}: expected true or false`);

/** An object whose listed fields pass their checks (other fields are not looked at). */
const obj =
  (fields: Record<string, Check> = {}): Check =>
  (v, p) => {
    if (!isObj(v)) return `${p}: expected an object`;
    for (const [k, check] of Object.entries(fields)) {
      const e = check(v[k], `${p}.${k}`);
      if (e) return e;
    }
    return undefined;
  };

/** A list whose items pass `item`; `min` items at least. */
const list =
  (item: Check, min = 0): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return `${p}: expected a list`;
    if (v.length < min) return `${p}: expected at least ${min} item${min > 1 ? 's' : ''}`;
    for (const [i, x] of v.entries()) {
      const e = item(x, `${p}[${i}]`);
      if (e) return e;
    }
    return undefined;
  };

const reference = obj({ reference: optional(str) });
const period = obj({ start: optional(str), end: optional(str) });

const COMMON: Record<string, Check> = {
  meta: optional(obj({ versionId: optional(str), lastUpdated: optional(str) })),
};

/** The fields each stored type must have in the right JSON type (see the module summary). */
const SHAPES: Record<string, Record<string, Check>> = {
  Patient: {
    active: optional(bool),
    gender: optional(str),
    birthDate: optional(str),
    identifier: optional(list(obj({ system: optional(str), value: optional(str) }))),
    name: optional(
      list(
        obj({
          family: optional(str),
          given: optional(list(str)),
          text: optional(str),
          period: optional(period),
        }),
      ),
    ),
    telecom: optional(list(obj({ system: optional(str), value: optional(str) }))),
    address: optional(
      list(
        obj({
          line: optional(list(str)),
          city: optional(str),
          state: optional(str),
          postalCode: optional(str),
          country: optional(str),
        }),
      ),
    ),
  },
  Encounter: {
    status: optional(str),
    subject: optional(reference),
    period: optional(period),
    partOf: optional(reference),
  },
  DocumentReference: {
    subject: optional(reference),
    content: list(obj({ attachment: obj({ contentType: optional(str), data: optional(str) }) }), 1),
    context: optional(obj({ encounter: optional(list(reference)) })),
  },
};

/**
 * Whether a resource to load has the JSON types the store and the FHIR routes rely on.
 *
 * @param resource - a resource whose `resourceType` is one of the stored types
 * @param path - where it is in the request, e.g. `entry[3].resource`
 * @returns an error text naming the field, or undefined when the resource can be stored
 * @example
 * ```ts
 * loadShapeError({ resourceType: 'Patient', identifier: {} }, 'entry[0].resource');
 * // 'entry[0].resource.identifier: expected a list'
 * ```
 */
export function loadShapeError(resource: Json, path: string): string | undefined {
  const fields = { ...COMMON, ...(SHAPES[String(resource.resourceType)] ?? {}) };
  return obj(fields)(resource, path);
}
