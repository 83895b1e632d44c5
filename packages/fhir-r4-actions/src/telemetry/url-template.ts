const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const OPERATION = /^\$[a-z][a-z-]{0,63}$/;
/** FHIR path keywords kept as written. */
const KEYWORDS = new Set(['_history', '_search', 'metadata']);

/**
 * A low-cardinality template of a FHIR request URL for `url.template` and span names: the
 * tenant segment of the base becomes `{tenant}`, ids `{id}` (versions `{vid}`), other segments
 * of the base with digits `{segment}`, and the query and fragment are dropped, so no id, MRN or
 * search value is in it.
 *
 * @param url - the absolute request URL
 * @param basePath - the FHIR base's path without a trailing slash (`/r4/ec2458f2-…`)
 * @param tenantId - the tenant id in that base (or '' when there is none)
 * @returns e.g. `/r4/{tenant}/Patient/{id}`, `/r4/{tenant}/Encounter`, `/r4/{tenant}/metadata`
 * @throws never; an unparsable URL gives `/{path}`
 * @example
 * ```ts
 * fhirUrlTemplate('https://fhir-ehr-code.cerner.com/r4/ec24…/Patient?identifier=…', '/r4/ec24…', 'ec24…');
 * // '/r4/{tenant}/Patient'
 * ```
 */
export function fhirUrlTemplate(url: string, basePath: string, tenantId: string): string {
  const path = URL.parse(url)?.pathname;
  if (path === undefined) return '/{path}';
  const base = basePath.replace(/\/+$/, '');
  const inBase = path === base || path.startsWith(`${base}/`);
  const baseTemplate = inBase ? templateOfBase(base, tenantId) : '';
  const rest = (inBase ? path.slice(base.length) : path).split('/').filter((s) => s !== '');
  return `${baseTemplate}${templateOfRest(rest)}`;
}

function templateOfBase(base: string, tenantId: string): string {
  return base
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      let decoded = s;
      try {
        decoded = decodeURIComponent(s);
      } catch {
        // not percent-encoded as it should be: compare as written
      }
      if (tenantId !== '' && decoded === tenantId) return '/{tenant}';
      return /^[A-Za-z._-]+$|^(?:r4|dstu2)$/.test(s) ? `/${s}` : '/{segment}';
    })
    .join('');
}

function templateOfRest(rest: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const s = rest[i]!;
    const prev = out.at(-1);
    if (i === 0 && (RESOURCE_TYPE.test(s) || KEYWORDS.has(s) || OPERATION.test(s))) out.push(s);
    else if (s === '.well-known' && i === 0) out.push(s);
    else if (prev === '.well-known' && s === 'smart-configuration') out.push(s);
    else if (KEYWORDS.has(s) || OPERATION.test(s)) out.push(s);
    else if (prev === '_history') out.push('{vid}');
    else if (prev !== undefined && RESOURCE_TYPE.test(prev) && i === 1) out.push('{id}');
    else {
      out.push('{path}');
      break; // nothing past an unknown segment is kept
    }
  }
  return out.map((s) => `/${s}`).join('');
}
