/**
 * The id of a reference to `type`: `Patient/123` -> `123` (also absolute URLs ending in
 * `/Patient/123`); undefined for another type or an id that is not a FHIR id.
 *
 * @param reference - the reference text
 * @param type - the expected resource type
 * @returns the id, or undefined
 * @example
 * ```ts
 * refId('https://fhir/r4/t/Patient/12724066', 'Patient'); // '12724066'
 * refId('Encounter/1', 'Patient'); // undefined
 * ```
 */
export function refId(reference: string | undefined | null, type: string): string | undefined {
  if (!reference) return undefined;
  const prefix = `${type}/`;
  const at = reference.lastIndexOf(prefix);
  if (at < 0 || (at > 0 && reference[at - 1] !== '/')) return undefined;
  const id = reference.slice(at + prefix.length);
  return /^[A-Za-z0-9.-]{1,64}$/.test(id) ? id : undefined;
}
