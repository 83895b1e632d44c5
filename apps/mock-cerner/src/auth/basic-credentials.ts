import { TokenError, TokenErrorUrn } from './token-errors.js';

/** Client id and secret from an `Authorization: Basic` header (RFC 6749 §2.3.1 form-decoding). */
export function parseBasicAuthorization(header: string): { clientId: string; clientSecret: string } {
  const bad = (reason: string): TokenError =>
    new TokenError(401, 'invalid_client', TokenErrorUrn.invalidAuthorizationHeader, reason);
  const m = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!m) throw bad('authorization header is not Basic');
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
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
