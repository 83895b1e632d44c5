import { FHIR_ID } from '../cerner/constants.js';

/**
 * The id of a created resource from the `Location` header: absolute or relative, with or
 * without `/_history/{version}`.
 * @internal
 */
export function idFromLocation(location: string | null, resourceType: string): string | undefined {
  if (!location) return undefined;
  const path = location.split(/[?#]/)[0]!;
  const m = new RegExp(`(?:^|/)${resourceType}/([^/]+)(?:/_history/[^/]+)?/?$`).exec(path);
  const id = m?.[1];
  return id !== undefined && FHIR_ID.test(id) ? id : undefined;
}
