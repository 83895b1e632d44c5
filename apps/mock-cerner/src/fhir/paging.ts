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
  /**
   * Cerner's paging quirks (cerner-fhir.md §E.2): the first page is short (security filtering
   * per page) yet has a next link, and each later page starts with the previous page's last id,
   * so an id reappears and a client must de-duplicate. No id is lost.
   */
  quirks?: boolean;
}): Page {
  const { ids, offset, count } = options;
  const paged = ids.length > count;
  const shortBy = options.quirks && paged && offset === 0 ? Math.min(4, count - 1) : 0;
  const end = offset + count - shortBy;
  const pageIds = ids.slice(offset, end);
  if (!paged) return { ids: pageIds, paged };
  // The overlap needs two ids on the page, or the next page would start where this one did.
  const nextOffset = options.quirks && pageIds.length > 1 ? end - 1 : end;
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
    ...(end < ids.length ? { next: link(nextOffset, 'NEXT') } : {}),
    ...(offset > 0 ? { previous: link(Math.max(0, offset - count), 'PREVIOUS') } : {}),
  };
}
