import { selfLink } from './bundle.js';
import type { PageContexts } from './page-context.js';

/** One page of a snapshot of ids, with Cerner's links. */
export interface Page {
  ids: string[];
  /** Whether the result spans more than one page (Cerner then leaves out `total`). */
  paged: boolean;
  next?: string;
  previous?: string;
}

/**
 * Cuts a page out of an ordered id snapshot and builds Cerner's links: the original query (without
 * earlier paging parameters) plus `-pageContext=<opaque>&-pageDirection=NEXT` (or `PREVIOUS`). The
 * snapshot is saved once, on the first page, so later pages are stable while the store changes.
 *
 * @param options - the snapshot, where this page starts, its size, the saved context (on later
 *   pages), the context store, the FHIR base, the resource type and the original query
 * @returns the page's ids and links
 * @example
 * ```ts
 * const page = pageOf({ ids, offset: 0, count: 10, contexts, base, type: 'Encounter', query });
 * ```
 */
export function pageOf(options: {
  ids: string[];
  offset: number;
  count: number;
  contextKey?: string;
  contexts: PageContexts;
  base: string;
  type: string;
  query: URLSearchParams;
}): Page {
  const { ids, offset, count } = options;
  const pageIds = ids.slice(offset, offset + count);
  const paged = ids.length > count;
  if (!paged) return { ids: pageIds, paged };
  const key = options.contextKey ?? options.contexts.save(ids);
  const link = (off: number, dir: 'NEXT' | 'PREVIOUS'): string => {
    const q = new URLSearchParams(options.query);
    q.delete('-pageContext');
    q.delete('-pageDirection');
    q.append('-pageContext', options.contexts.token(key, off));
    q.append('-pageDirection', dir);
    return selfLink(options.base, options.type, q);
  };
  return {
    ids: pageIds,
    paged,
    ...(offset + count < ids.length ? { next: link(offset + count, 'NEXT') } : {}),
    ...(offset > 0 ? { previous: link(Math.max(0, offset - count), 'PREVIOUS') } : {}),
  };
}
