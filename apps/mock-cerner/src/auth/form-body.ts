import { TokenError, TokenErrorUrn } from './token-errors.js';

/**
 * Parses an `application/x-www-form-urlencoded` body strictly: each parameter at most once
 * (RFC 6749 §3.2), so `scope=a&scope=b` is refused rather than guessed at.
 */
export function parseStrictForm(body: string): Map<string, string> {
  const params = new URLSearchParams(body);
  const out = new Map<string, string>();
  for (const [k, v] of params) {
    if (out.has(k)) {
      throw new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, `parameter ${k} repeated`);
    }
    out.set(k, v);
  }
  return out;
}
