import type { Response } from 'express';

/** Cerner's token-endpoint error URNs (reference: cerner-fhir.md §A.7). */
export const TokenErrorUrn = {
  invalidAuthorizationHeader: 'urn:cerner:error:authorization-server:oauth2:token:invalid-authorization-header',
  invalidClientCredentials: 'urn:cerner:error:authorization-server:oauth2:token:invalid-client-credentials',
  invalidSignature: 'urn:cerner:error:authorization-server:client-assertion:jwt-bearer:invalid-signature',
  invalidAssertion: 'urn:cerner:error:authorization-server:client-assertion:jwt-bearer:invalid-assertion',
  replayedAssertion: 'urn:cerner:error:authorization-server:client-assertion:jwt-bearer:replayed-assertion',
  emptyScopes: 'urn:cerner:error:authorization-server:oauth2:token:empty-scopes',
  invalidTenant: 'urn:cerner:error:authorization-server:oauth2:token:invalid-tenant',
  invalidRequest: 'urn:cerner:error:authorization-server:oauth2:token:invalid-request',
  unsupportedGrantType: 'urn:cerner:error:authorization-server:oauth2:token:unsupported-grant-type',
} as const;
export type TokenErrorUrn = (typeof TokenErrorUrn)[keyof typeof TokenErrorUrn];

/** A token-endpoint failure: status, OAuth error code and Cerner URN. */
export class TokenError extends Error {
  readonly status: number;
  readonly error: string;
  readonly urn: TokenErrorUrn;
  /** The client the request named, when known (else `unknown` in the error_uri). */
  readonly clientId: string | undefined;

  constructor(status: number, error: string, urn: TokenErrorUrn, reason: string, clientId?: string) {
    super(reason);
    this.status = status;
    this.error = error;
    this.urn = urn;
    this.clientId = clientId;
  }
}

/** Headers Cerner's authorization server sends on every token response. */
export function setTokenHeaders(res: Response, correlationId: string): void {
  res.set({
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Cerner-Correlation-ID': correlationId,
    Server: 'cloud_authorization_server1',
    'Expect-CT': 'enforce, max-age=30',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'OPTIONS, POST',
    'Access-Control-Allow-Headers': 'Content-Type, Authorization, Accept, Cerner-Correlation-Id',
  });
}

/**
 * Sends `{"error":…,"error_uri":"https://authorization.cerner.com/errors/<urn>/instances/<id>?client=…&tenant=…"}`,
 * compact, as Cerner does. No `error_description`: Cerner sends none.
 */
export function sendTokenError(res: Response, err: TokenError, tenantId: string, correlationId: string): void {
  setTokenHeaders(res, correlationId);
  const client = encodeURIComponent(err.clientId ?? 'unknown');
  const errorUri = `https://authorization.cerner.com/errors/${encodeURIComponent(err.urn)}/instances/${correlationId}?client=${client}&tenant=${encodeURIComponent(tenantId)}`;
  if (err.status === 401) res.set('WWW-Authenticate', `Basic realm="authorization.cerner.com", error="${err.error}"`);
  res.status(err.status).type('application/json').send(JSON.stringify({ error: err.error, error_uri: errorUri }));
}
