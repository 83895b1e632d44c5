/**
 * The search parameters a resource's search answers and the modifiers each one supports
 * (Cerner's CapabilityStatement and per-resource pages): a parameter maps to its modifiers, `[]`
 * for none.
 */
export type SearchParamSpec = Readonly<Record<string, readonly string[]>>;

/** Patient search (cerner-fhir.md §D.1): only `name`, `family` and `given` take `:exact`. */
export const PATIENT_SEARCH_SPEC: SearchParamSpec = {
  _id: [],
  identifier: [],
  name: ['exact'],
  family: ['exact'],
  given: ['exact'],
  birthdate: [],
  phone: [],
  email: [],
  'address-postalcode': [],
  gender: [],
  _count: [],
  _lastUpdated: [],
  _revinclude: [],
  '-pageContext': [],
  '-pageDirection': [],
};

/** Encounter search (§E.2): `subject:Patient` is the one modifier. */
export const ENCOUNTER_SEARCH_SPEC: SearchParamSpec = {
  _id: [],
  patient: [],
  subject: ['Patient'],
  account: [],
  identifier: [],
  date: [],
  status: [],
  _count: [],
  _lastUpdated: [],
  _revinclude: [],
  '-pageContext': [],
  '-pageDirection': [],
};

/** DocumentReference search: no modifiers. */
export const DOCUMENT_REFERENCE_SEARCH_SPEC: SearchParamSpec = {
  _id: [],
  patient: [],
  subject: [],
  encounter: [],
  type: [],
  category: [],
  date: [],
  period: [],
  _count: [],
  _lastUpdated: [],
  _revinclude: [],
  '-pageContext': [],
  '-pageDirection': [],
};

/** Appointment search (§F): no modifiers. */
export const APPOINTMENT_SEARCH_SPEC: SearchParamSpec = {
  _id: [],
  patient: [],
  practitioner: [],
  location: [],
  date: [],
  '-date-or-req-period': [],
  status: [],
  _count: [],
  _lastUpdated: [],
  '-pageContext': [],
  '-pageDirection': [],
};

/**
 * Why a query uses a modifier the resource's search does not support (`family:foo=`,
 * `identifier:of-type=`, `birthdate:x=`, `name:contains=`, `name:missing=`), or undefined. A
 * modifier on a parameter the search does not know is left to the caller's other checks (Cerner
 * ignores unknown parameters next to a valid one, §H.5). Cerner answers an unsupported modifier with
 * its 400 `invalid` OperationOutcome instead of ignoring it (which would widen the search to every
 * resource).
 *
 * @param params - the request's query
 * @param spec - the resource's parameters and their modifiers
 * @returns the 400 text, naming the parameter, or undefined
 * @example
 * ```ts
 * modifierProblem(new URLSearchParams('name:contains=a'), PATIENT_SEARCH_SPEC);
 * // 'name: the modifier :contains is not supported'
 * ```
 */
export function modifierProblem(
  params: URLSearchParams,
  spec: SearchParamSpec,
): string | undefined {
  for (const key of params.keys()) {
    const colon = key.indexOf(':');
    if (colon < 0) continue;
    const name = key.slice(0, colon);
    const modifier = key.slice(colon + 1);
    const allowed = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (allowed === undefined) continue;
    if (!allowed.includes(modifier)) {
      return `${name}: the modifier :${modifier.slice(0, 40)} is not supported`;
    }
  }
  return undefined;
}
