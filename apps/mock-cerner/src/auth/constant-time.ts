import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time: SHA-256 digests of both, then `timingSafeEqual`, so
 * neither the content nor the length leaks through timing.
 *
 * @param a - one secret
 * @param b - the other
 * @returns whether they are equal
 * @example
 * ```ts
 * secretsEqual(presented, registered.clientSecret);
 * ```
 */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
