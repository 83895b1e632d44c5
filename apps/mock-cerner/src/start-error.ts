import { failureCode } from '@cerner-kit/core';
import type { CliOptions } from './cli-args.js';

/**
 * The one line the `mock-cerner` bin prints when it cannot start: which listener (HTTP or HL7
 * MLLP) on which address failed, why, and the flag that fixes it.
 *
 * @param e - what `startMockCerner` threw
 * @param options - the parsed flags (host and ports, for the message)
 * @returns the message, without the `mock-cerner: ` prefix
 * @example
 * ```ts
 * startErrorMessage(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), options);
 * // '127.0.0.1:8080 (HTTP) is already in use, perhaps by another mock-cerner: stop it, or pass --port N (0 = any free port)'
 * ```
 */
export function startErrorMessage(
  e: unknown,
  options: Pick<CliOptions, 'host' | 'port' | 'mllpPort'>,
): string {
  const code = failureCode(e);
  // startMockCerner listens on HTTP first; only the MLLP listener wraps its error (Hl7Error).
  const mllp = (e as { name?: unknown }).name === 'Hl7Error';
  const where = mllp
    ? `${options.host}:${options.mllpPort} (HL7 MLLP)`
    : `${options.host}:${options.port} (HTTP)`;
  const flag = mllp ? '--mllp-port' : '--port';
  if (code === 'EADDRINUSE') {
    return `${where} is already in use, perhaps by another mock-cerner: stop it, or pass ${flag} N (0 = any free port)`;
  }
  if (code === 'EACCES') {
    return `${where}: not allowed to listen there (EACCES): pass ${flag} N with N above 1023`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `${where}: no such local address (EADDRNOTAVAIL): check --host`;
  }
  const message = e instanceof Error ? e.message : String(e);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}
