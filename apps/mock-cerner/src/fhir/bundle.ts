import type { Bundle, Resource } from 'fhir/r4.js';

/**
 * A searchset Bundle in Cerner's shape: random id, `self` link echoing the query, entries with
 * `fullUrl` and `search.mode: match`, and **no `entry` key** when nothing matched.
 */
export function searchBundle(options: {
  base: string;
  selfUrl: string;
  resources: readonly Resource[];
  total?: number;
  next?: string;
  previous?: string;
}): Bundle {
  const link: Bundle['link'] = [{ relation: 'self', url: options.selfUrl }];
  if (options.previous) link.push({ relation: 'previous', url: options.previous });
  if (options.next) link.push({ relation: 'next', url: options.next });
  return {
    resourceType: 'Bundle',
    id: crypto.randomUUID(),
    type: 'searchset',
    ...(options.total !== undefined ? { total: options.total } : {}),
    link,
    ...(options.resources.length > 0
      ? {
          entry: options.resources.map((r) => ({
            fullUrl: `${options.base}/${r.resourceType}/${r.id}`,
            resource: r,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}

/** `{base}/{Type}?{query}` with the query percent-encoded as Cerner echoes it. */
export function selfLink(base: string, type: string, params: URLSearchParams): string {
  const q = params.toString().replace(/\+/g, '%20');
  return `${base}/${type}${q ? `?${q}` : ''}`;
}
