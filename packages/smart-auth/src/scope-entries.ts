import { SmartAuthError } from './errors.js';
import { splitScopes } from './scopes.js';
import type { CacheEntry, TokenCache } from './token-cache.js';

/** Cache key: the sorted scope set (the token URL and client are fixed per instance). */
function keyOf(scopes: readonly string[]): string {
  return [...scopes].sort().join(' ');
}

function sameElements(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const MAX_ALIASES = 512;

/**
 * Finds a `getToken(scopes)` argument's cache entry. `find` is the hot path (no parsing, no
 * allocation): the default entry, or an alias remembered for this exact string or array (an
 * array is re-checked element by element, so one mutated after use is not served stale).
 * `resolve` parses, validates and remembers the alias.
 * @internal
 *
 * @example
 * ```ts
 * const entries = new ScopeEntries(cache, ['system/Patient.read']);
 * const entry = entries.find(input) ?? entries.resolve(input).entry;
 * ```
 */
export class ScopeEntries {
  readonly #cache: TokenCache;
  readonly #defaultScopes: string[];
  readonly #defaultEntry: CacheEntry | undefined;
  readonly #strings = new Map<string, CacheEntry>();
  readonly #arrays = new WeakMap<
    readonly string[],
    { copy: readonly string[]; entry: CacheEntry }
  >();

  /**
   * @param cache - the token cache
   * @param defaultScopes - `options.scopes`, split (may be empty)
   */
  constructor(cache: TokenCache, defaultScopes: string[]) {
    this.#cache = cache;
    this.#defaultScopes = defaultScopes;
    this.#defaultEntry =
      defaultScopes.length > 0 ? cache.entry(keyOf(defaultScopes), true) : undefined;
  }

  /**
   * The hot path.
   *
   * @param input - what the caller passed to `getToken`
   * @returns the entry, or undefined (then call {@link ScopeEntries.resolve})
   */
  find(input: string | readonly string[] | undefined): CacheEntry | undefined {
    if (input === undefined) return this.#defaultEntry;
    if (typeof input === 'string') return this.#strings.get(input);
    const alias = this.#arrays.get(input);
    return alias !== undefined && sameElements(alias.copy, input) ? alias.entry : undefined;
  }

  /**
   * Parses the argument (falling back to the default scopes) and remembers it as an alias.
   *
   * @param input - what the caller passed to `getToken`
   * @returns the entry and the scopes to request
   * @throws {@link SmartAuthError} `invalid_options` (`field: 'scopes'`) for a bad argument or
   *   no scopes at all
   */
  resolve(input: string | readonly string[] | undefined): { entry: CacheEntry; scopes: string[] } {
    if (
      input !== undefined &&
      typeof input !== 'string' &&
      !(Array.isArray(input) && input.every((s) => typeof s === 'string'))
    ) {
      throw new SmartAuthError(
        'invalid_options',
        'scopes: must be a space-separated string or a list of strings',
        { field: 'scopes' },
      );
    }
    let scopes = splitScopes(input);
    if (scopes.length === 0) scopes = this.#defaultScopes;
    if (scopes.length === 0) {
      throw new SmartAuthError(
        'invalid_options',
        'scopes: SMART requires at least one scope; pass scopes to getToken() or to createBackendAuth()',
        { field: 'scopes' },
      );
    }
    const entry = this.#cache.entry(keyOf(scopes));
    if (typeof input === 'string') {
      if (this.#strings.size >= MAX_ALIASES) this.#strings.clear();
      this.#strings.set(input, entry);
    } else if (input !== undefined) {
      this.#arrays.set(input, { copy: [...input], entry });
    }
    return { entry, scopes };
  }
}
