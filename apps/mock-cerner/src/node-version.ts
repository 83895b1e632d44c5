/** The oldest Node.js the packages support (`engines` in every package.json). */
export const MIN_NODE_VERSION = '22.18.0';

/**
 * Says why this Node.js is too old for cerner-kit, or nothing when it is recent enough. The bins
 * check it first: on an older Node the mock would start, then answer its first write with a 500
 * (its FHIR validator, `@medplum/core` 5, needs Node 22).
 *
 * @param version - a Node.js version (default: this process's, `process.versions.node`)
 * @returns a message naming both versions, or undefined
 * @example
 * ```ts
 * unsupportedNodeVersion('20.20.2'); // 'needs Node.js >= 22.18.0 (this is 20.20.2)…'
 * unsupportedNodeVersion('22.23.3'); // undefined
 * ```
 */
export function unsupportedNodeVersion(
  version: string = process.versions.node,
): string | undefined {
  const have = version.replace(/^v/, '').split('.').map(Number);
  const need = MIN_NODE_VERSION.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0;
    if (Number.isNaN(h)) break;
    if (h > need[i]!) return undefined;
    if (h < need[i]!) {
      return `needs Node.js >= ${MIN_NODE_VERSION} (this is ${version.replace(/^v/, '')}); in a clone of cerner-kit, ./dev installs it`;
    }
  }
  return undefined;
}
