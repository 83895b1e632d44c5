import { TokenError, TokenErrorUrn } from './token-errors.js';

/**
 * Parses an `application/x-www-form-urlencoded` body strictly: each parameter at most once
 * (RFC 6749 §3.2), so `scope=a&scope=b` is refused rather than guessed at.
 *
 * @param body - the raw body text
 * @returns the parameters by name
 * @throws {@link TokenError} 400 `invalid_request` naming the repeated parameter (in the log only)
 * @example
 * ```ts
 * parseStrictForm('grant_type=client_credentials&scope=system%2FPatient.read').get('scope'); // 'system/Patient.read'
 * ```
 */
export function parseStrictForm(body: string): Map<string, string> {
  const params = new URLSearchParams(body);
  const out = new Map<string, string>();
  for (const [k, v] of params) {
    if (out.has(k)) {
      throw new TokenError(
        400,
        'invalid_request',
        TokenErrorUrn.invalidRequest,
        `parameter ${k.slice(0, 40)} repeated`,
      );
    }
    out.set(k, v);
  }
  return out;
}
