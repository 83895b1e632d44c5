/**
 * A URL without its query string and fragment: query values (MRNs, names, page contexts) are
 * patient data or opaque state and must not reach errors or logs.
 *
 * @param url - any URL
 * @returns the URL with `?…` in place of the query
 * @example
 * ```ts
 * redactUrl('https://x/r4/t/Patient?identifier=urn%3Aoid%3A1%7C42'); // 'https://x/r4/t/Patient?…'
 * ```
 */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const noHash = hash < 0 ? url : url.slice(0, hash);
  const q = noHash.indexOf('?');
  return q < 0 ? noHash : `${noHash.slice(0, q)}?…`;
}
