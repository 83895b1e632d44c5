import type { Bundle, FhirResource } from 'fhir/r4.js';
import { FhirActionError } from '../errors.js';
import type { FhirHttpClient } from './fhir-http-client.js';

/** Options of {@link fetchAllPages}. */
export interface FetchAllPagesOptions {
  /** The resource type to collect (entries of other types, `include` and `outcome` entries are skipped). */
  resourceType: FhirResource['resourceType'];
  /** Safety limit on the number of pages (default 1000). */
  maxPages?: number;
  /** Scopes checked before each page. */
  requiredScopes?: readonly string[];
  /** The caller's signal: aborts the page in flight and any retry wait. */
  signal?: AbortSignal;
}

/**
 * Reads a response body as a Bundle.
 *
 * @param body - the parsed body
 * @param what - for the error message
 * @returns the Bundle
 * @throws {@link FhirActionError} `bad_response` when it is not one
 * @example
 * ```ts
 * const bundle = expectBundle(res.body, 'Patient search');
 * ```
 * @internal
 */
export function expectBundle(body: unknown, what: string): Bundle {
  const b = body as Partial<Bundle> | undefined;
  if (typeof body !== 'object' || body === null || b?.resourceType !== 'Bundle') {
    const got =
      typeof body === 'object' && body !== null
        ? String((body as { resourceType?: unknown }).resourceType)
        : typeof body;
    throw new FhirActionError('bad_response', `${what}: expected a Bundle, got ${got}`);
  }
  if (b.entry !== undefined && !Array.isArray(b.entry)) {
    throw new FhirActionError('bad_response', `${what}: Bundle.entry is not an array`);
  }
  if (b.link !== undefined && !Array.isArray(b.link)) {
    throw new FhirActionError('bad_response', `${what}: Bundle.link is not an array`);
  }
  return body as Bundle;
}

/**
 * Every matching resource of a search, following each `next` link exactly as the server gives it
 * (Cerner's `-pageContext` / `-pageDirection=NEXT`; never rebuilt), only on the FHIR base's
 * origin, de-duplicated by id (Cerner may repeat a resource on a later page), in server order.
 * Fails on a `next` link seen before (a paging loop) and after `maxPages` pages rather than
 * returning a silently truncated list.
 *
 * @param http - the HTTP layer
 * @param firstPath - the search, relative to the base (`Encounter?patient=12724066`)
 * @param options - resource type, page limit, scopes
 * @returns the resources
 * @throws {@link FhirActionError} `bad_response` for a non-Bundle page, a loop, a foreign link or
 *   too many pages; any error of the HTTP layer
 * @example
 * ```ts
 * const encounters = await fetchAllPages<Encounter>(http, 'Encounter?patient=12724066', { resourceType: 'Encounter' });
 * ```
 */
export async function fetchAllPages<T extends FhirResource>(
  http: FhirHttpClient,
  firstPath: string,
  options: FetchAllPagesOptions,
): Promise<T[]> {
  const { resourceType } = options;
  const maxPages = options.maxPages ?? 1000;
  const seenIds = new Set<string>();
  const out: T[] = [];
  const visited = new Set<string>();
  let url = http.resolve(firstPath);
  for (let page = 1; ; page += 1) {
    visited.add(url);
    const res = await http.request({
      method: 'GET',
      path: url,
      resourceType,
      ...(options.requiredScopes ? { requiredScopes: options.requiredScopes } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const bundle = expectBundle(res.body, `${resourceType} search page ${page}`);
    for (const entry of bundle.entry ?? []) {
      const r = entry.resource;
      if (!r || r.resourceType !== resourceType) continue;
      if (entry.search?.mode === 'include' || entry.search?.mode === 'outcome') continue;
      if (r.id !== undefined) {
        if (seenIds.has(r.id)) continue;
        seenIds.add(r.id);
      }
      out.push(r as T);
    }
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (next === undefined || next === '') return out;
    const nextUrl = http.resolve(next);
    if (visited.has(nextUrl)) {
      throw new FhirActionError(
        'bad_response',
        `${resourceType} search: the server returned a next link already followed (paging loop after ${page} pages)`,
      );
    }
    if (page >= maxPages) {
      throw new FhirActionError(
        'bad_response',
        `${resourceType} search: more than ${maxPages} pages (maxPages); raise maxPages if this is expected`,
      );
    }
    url = nextUrl;
  }
}
