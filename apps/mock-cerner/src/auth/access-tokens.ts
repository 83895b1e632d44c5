// STUB: owned by the token-issuer engineer; keep the exported names.
export interface AccessTokenClaims {
  clientId: string;
  tenantId: string;
  scopes: string[];
  /** Epoch ms. */
  expiresAt: number;
}

export interface AccessTokenIssuer {
  issue(clientId: string, scopes: string[]): Promise<{ token: string; expiresIn: number }>;
  /** The claims of a valid, unexpired token issued by this mock for this tenant; undefined otherwise. */
  verify(token: string): Promise<AccessTokenClaims | undefined>;
}

export function createAccessTokenIssuer(_options: {
  tenantId: string;
  now: () => number;
}): AccessTokenIssuer {
  return {
    issue: () => Promise.reject(new Error('not implemented')),
    verify: () => Promise.resolve(undefined),
  };
}
