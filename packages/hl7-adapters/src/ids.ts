import { randomUUID } from 'node:crypto';

/**
 * The default message control id generator: 20 hexadecimal characters (MSH-10 allows 20 before
 * v2.7), random.
 *
 * @returns a fresh id
 * @example
 * ```ts
 * defaultIdGenerator(); // 'c1f0a8e25b7d4f6e9a31'
 * ```
 */
export function defaultIdGenerator(): string {
  return randomUUID().replace(/-/g, '').slice(0, 20);
}

/** @internal The current time from an injected clock returning a Date or epoch milliseconds. */
export function resolveNow(now: (() => Date | number) | undefined): Date {
  const value = now ? now() : Date.now();
  return value instanceof Date ? value : new Date(value);
}
