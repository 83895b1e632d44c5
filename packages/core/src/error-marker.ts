/**
 * The marker a cerner-kit package puts on its errors: `Symbol.for('cerner-kit.<pkg>.error')`.
 * Being a registered symbol, it is the same in every copy of the package, so `isInstance` works
 * where `instanceof` does not (two versions installed side by side, bundled copies).
 *
 * @param pkg - the package name without the scope, e.g. `smart-auth`
 * @returns the registered symbol
 * @throws {TypeError} for a name that is not kebab-case
 * @example
 * ```ts
 * const MARKER = errorMarker('smart-auth'); // Symbol.for('cerner-kit.smart-auth.error')
 * ```
 */
export function errorMarker(pkg: string): symbol {
  if (!/^[a-z][a-z0-9-]*$/.test(pkg)) throw new TypeError(`errorMarker: bad package name ${pkg}`);
  return Symbol.for(`cerner-kit.${pkg}.error`);
}

/**
 * True when `error` carries `marker` set to `true`: the body of every `isInstance`.
 *
 * @param error - anything caught
 * @param marker - from {@link errorMarker}
 * @returns whether the error is one of that package's
 * @example
 * ```ts
 * class MyError extends Error {
 *   readonly [MARKER] = true;
 *   static isInstance(e: unknown): e is MyError { return hasErrorMarker(e, MARKER); }
 * }
 * ```
 */
export function hasErrorMarker(error: unknown, marker: symbol): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}
