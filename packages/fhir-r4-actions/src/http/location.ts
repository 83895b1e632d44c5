import { FHIR_ID } from '../cerner/constants.js';

/**
 * The id of a created resource from a `Location` (or `Content-Location`) header. Cerner sends an
 * absolute URL (`https://…/r4/{tenant}/Patient/5786010`); a relative one and a
 * `/_history/{version}` suffix are handled too.
 *
 * @param location - the header value, or null
 * @param resourceType - the type that was created; a Location for another type is ignored
 * @returns the id, or undefined when the header is absent or not a Location of that type
 * @example
 * ```ts
 * idFromLocation('https://fhir-ehr-code.cerner.com/r4/t/Patient/5786010/_history/0', 'Patient'); // '5786010'
 * ```
 */
export function idFromLocation(
  location: string | null | undefined,
  resourceType: string,
): string | undefined {
  if (!location) return undefined;
  const path = location.trim().split(/[?#]/)[0]!;
  const segments = path.split('/').filter((s) => s !== '');
  let end = segments.length;
  if (end >= 2 && segments[end - 2] === '_history') end -= 2;
  if (end < 2 || segments[end - 2] !== resourceType) return undefined;
  const id = decodeURIComponentSafe(segments[end - 1]!);
  return id !== undefined && FHIR_ID.test(id) ? id : undefined;
}

function decodeURIComponentSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
