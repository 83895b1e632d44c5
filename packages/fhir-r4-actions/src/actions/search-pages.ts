import type { Bundle, Resource } from 'fhir/r4.js';
import { FhirActionError } from '../errors.js';
import type { FhirHttp } from '../http/fhir-http-client.js';
import { expectResource } from './read-resource.js';

/**
 * Every `match` resource of a search, following each `next` link exactly as Cerner gives it
 * (`-pageContext`, `-pageDirection`), de-duplicated by id (Cerner may repeat one across pages),
 * stopping on a repeated link or after `maxPages`.
 * @internal
 */
export async function searchAllPages<T extends Resource>(
  http: FhirHttp,
  firstPath: string,
  type: T['resourceType'],
  requiredScopes: readonly string[],
  maxPages: number,
): Promise<T[]> {
  const out = new Map<string, T>();
  const visited = new Set<string>();
  let path: string | undefined = firstPath;
  for (let page = 0; path !== undefined; page += 1) {
    if (page >= maxPages) {
      throw new FhirActionError('bad_response', `${type} search: more than ${maxPages} pages; raise maxPages if this is expected`);
    }
    const res = await http.request({ method: 'GET', path, requiredScopes, resourceType: type });
    const bundle = expectResource<Bundle>(res.body, 'Bundle');
    for (const e of bundle.entry ?? []) {
      const r = e.resource;
      if (!r || r.resourceType !== type || e.search?.mode === 'include' || e.search?.mode === 'outcome') continue;
      if (r.id === undefined) out.set(`#${out.size}`, r as T);
      else if (!out.has(r.id)) out.set(r.id, r as T);
    }
    visited.add(http.resolve(path));
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (next !== undefined && visited.has(http.resolve(next))) {
      throw new FhirActionError('bad_response', `${type} search: the server returned the same next link twice (paging loop)`);
    }
    path = next;
  }
  return [...out.values()];
}
