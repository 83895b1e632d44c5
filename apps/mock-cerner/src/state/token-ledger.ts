import { decodeJwt } from 'jose';
import type { AccessTokenIssuer } from '../auth/access-tokens.js';

/** An issuer that can also revoke, at once, every token it issued that has not expired. */
export interface RevocableIssuer extends AccessTokenIssuer {
  /**
   * Revokes every unexpired token issued so far (`reset` with `revokeTokens`).
   *
   * @returns how many tokens were revoked
   */
  revokeAll(): number;
}

/** At most this many issued tokens are remembered for `revokeAll` (expired ones go first). */
export const LEDGER_LIMIT = 100_000;

/**
 * Wraps an issuer so that a tenant reset can revoke its tokens in bulk, through the issuer's own
 * `revoke` (no change to how tokens are signed or verified). It remembers each issued token until
 * it expires; past {@link LEDGER_LIMIT} live tokens the oldest are forgotten (and would survive a
 * bulk revocation).
 *
 * @param issuer - the tenant's issuer
 * @param now - clock, epoch ms
 * @returns the issuer with `revokeAll()`
 * @example
 * ```ts
 * const tokens = withBulkRevocation(createAccessTokenIssuer({ tenantId, now }), now);
 * tokens.revokeAll();
 * ```
 */
export function withBulkRevocation(issuer: AccessTokenIssuer, now: () => number): RevocableIssuer {
  /** token -> exp (epoch ms), in issue order. */
  let issued = new Map<string, number>();
  const prune = (): void => {
    const t = now();
    for (const [token, exp] of issued) if (exp <= t) issued.delete(token);
    while (issued.size >= LEDGER_LIMIT) issued.delete(issued.keys().next().value!);
  };
  return {
    async issue(clientId, scopes) {
      const result = await issuer.issue(clientId, scopes);
      if (issued.size >= LEDGER_LIMIT) prune();
      const exp = decodeJwt(result.token).exp;
      issued.set(result.token, typeof exp === 'number' ? exp * 1000 : Infinity);
      return result;
    },
    verify: (token) => issuer.verify(token),
    revoke: (token) => {
      issued.delete(token);
      issuer.revoke(token);
    },
    publicJwks: () => issuer.publicJwks(),
    revokeAll() {
      const t = now();
      let n = 0;
      for (const [token, exp] of issued) {
        if (exp <= t) continue;
        issuer.revoke(token);
        n += 1;
      }
      issued = new Map();
      return n;
    },
  };
}
