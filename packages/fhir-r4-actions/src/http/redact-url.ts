/**
 * Options of {@link redactUrl}.
 *
 * @example
 * ```ts
 * const options: RedactUrlOptions = { ids: true };
 * ```
 */
export interface RedactUrlOptions {
  /** Also replace resource ids in the path with `{id}` (`Patient/{id}`); default false. */
  ids?: boolean;
}

/** A resource type segment (`Patient`, `DocumentReference`): a capital, then a lower-case letter. */
const RESOURCE_TYPE = /^[A-Z][a-z][A-Za-z]{0,62}$/;

/**
 * A URL without its query string and fragment: query values (MRNs, names, page contexts) are
 * patient data or opaque state and must not reach errors or logs. With `ids`, the segment after
 * each resource type becomes `{id}` too (what `FhirActionError.url` carries).
 *
 * @param url - any URL
 * @param options - `ids`
 * @returns the URL with `?…` in place of the query
 * @example
 * ```ts
 * redactUrl('https://x/r4/t/Patient?identifier=urn%3Aoid%3A1%7C42'); // 'https://x/r4/t/Patient?…'
 * redactUrl('https://x/r4/t/Patient/12724066/_history/2', { ids: true }); // 'https://x/r4/t/Patient/{id}/_history/2'
 * ```
 */
export function redactUrl(url: string, options: RedactUrlOptions = {}): string {
  const hash = url.indexOf('#');
  const noHash = hash < 0 ? url : url.slice(0, hash);
  const q = noHash.indexOf('?');
  const path = q < 0 ? noHash : noHash.slice(0, q);
  const query = q < 0 ? '' : '?…';
  if (options.ids !== true) return `${path}${query}`;
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path)?.[0] ?? '';
  const segments = path.slice(origin.length).split('/');
  const out = segments.map((seg, i) => {
    const prev = segments[i - 1];
    return i > 0 && prev !== undefined && RESOURCE_TYPE.test(prev) && /^[^_$]/.test(seg)
      ? '{id}'
      : seg;
  });
  return `${origin}${out.join('/')}${query}`;
}
