import { TokenError, TokenErrorUrn } from './token-errors.js';

const BASIC = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/**
 * Reads the client id and secret from an `Authorization: Basic` header: strict base64, split on
 * the first `:`, each half form-urldecoded (RFC 6749 §2.3.1).
 *
 * @param header - the `Authorization` header value
 * @returns the client id (non-empty) and secret
 * @throws {@link TokenError} 401 `invalid_client` with Cerner's `invalid-authorization-header` URN
 *   for another scheme (e.g. `Bearer`), bad base64, no colon, an empty id or bad percent-encoding
 * @example
 * ```ts
 * parseBasicAuthorization('Basic ' + btoa('my-client:s3cret')); // { clientId: 'my-client', clientSecret: 's3cret' }
 * ```
 */
export function parseBasicAuthorization(header: string): {
  clientId: string;
  clientSecret: string;
} {
  const bad = (reason: string): TokenError =>
    new TokenError(401, 'invalid_client', TokenErrorUrn.invalidAuthorizationHeader, reason);
  const m = BASIC.exec(header.trim());
  if (!m) throw bad('authorization header is not Basic');
  const b64 = m[1]!;
  const bytes = Buffer.from(b64, 'base64');
  // Node's decoder is lenient; refuse anything that does not round-trip (bad length or padding).
  if (bytes.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) {
    throw bad('basic credentials are not base64');
  }
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw bad('basic credentials have no client id');
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      throw bad('basic credentials are not form-encoded');
    }
  };
  return { clientId: dec(decoded.slice(0, colon)), clientSecret: dec(decoded.slice(colon + 1)) };
}
