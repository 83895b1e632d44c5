import type { Response } from 'express';

/**
 * Cerner's token-endpoint error URNs (cerner-fhir reference §A.7). The first five and
 * `invalidTenant` were seen on Cerner; the others follow Cerner's naming and are the mock's own
 * (Cerner's answer in those situations is undocumented).
 *
 * @example
 * ```ts
 * new TokenError(400, 'invalid_scope', TokenErrorUrn.emptyScopes, 'nothing granted', 'my-client');
 * ```
 */
export const TokenErrorUrn = {
  invalidAuthorizationHeader:
    'urn:cerner:error:authorization-server:oauth2:token:invalid-authorization-header',
  invalidClientCredentials:
    'urn:cerner:error:authorization-server:oauth2:token:invalid-client-credentials',
  invalidSignature:
    'urn:cerner:error:authorization-server:client-assertion:jwt-bearer:invalid-signature',
  emptyScopes: 'urn:cerner:error:authorization-server:oauth2:token:empty-scopes',
  invalidTenant: 'urn:cerner:error:authorization-server:oauth2:token:invalid-tenant',
  // The mock's own (same naming scheme, not seen on Cerner):
  invalidAssertion:
    'urn:cerner:error:authorization-server:client-assertion:jwt-bearer:invalid-assertion',
  replayedAssertion:
    'urn:cerner:error:authorization-server:client-assertion:jwt-bearer:replayed-assertion',
  invalidRequest: 'urn:cerner:error:authorization-server:oauth2:token:invalid-request',
  unsupportedGrantType: 'urn:cerner:error:authorization-server:oauth2:token:unsupported-grant-type',
  serverError: 'urn:cerner:error:authorization-server:oauth2:token:server-error',
} as const;
/**
 * One of the {@link TokenErrorUrn} values.
 * @example
 * ```ts
 * const urn: TokenErrorUrn = TokenErrorUrn.emptyScopes;
 * ```
 */
export type TokenErrorUrn = (typeof TokenErrorUrn)[keyof typeof TokenErrorUrn];

/**
 * A token-endpoint refusal: HTTP status, RFC 6749 §5.2 `error` and Cerner URN. The message is a
 * reason for the (opt-in) log only; it is never sent and never contains credentials.
 *
 * @example
 * ```ts
 * throw new TokenError(401, 'invalid_client', TokenErrorUrn.invalidClientCredentials, 'wrong secret');
 * ```
 */
export class TokenError extends Error {
  readonly status: number;
  readonly error: string;
  readonly urn: TokenErrorUrn;
  /** The client the request named, when known (else `unknown` in the error_uri). */
  readonly clientId: string | undefined;

  /**
   * @param status - HTTP status (400, 401, 405, 413)
   * @param error - RFC 6749 error code
   * @param urn - Cerner URN put in `error_uri`
   * @param reason - log-only reason
   * @param clientId - the identified client, if any
   */
  constructor(
    status: number,
    error: string,
    urn: TokenErrorUrn,
    reason: string,
    clientId?: string,
  ) {
    super(reason);
    this.name = 'TokenError';
    this.status = status;
    this.error = error;
    this.urn = urn;
    this.clientId = clientId;
  }
}

/**
 * Sets the headers Cerner's authorization server sends on every token response, success or error.
 *
 * @param res - the response
 * @param correlationId - the `Cerner-Correlation-ID` (the same UUID as in an error's `error_uri`)
 * @example
 * ```ts
 * setTokenHeaders(res, crypto.randomUUID());
 * ```
 */
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
 * Sends compact JSON with exactly `Content-Type: application/json` (no charset, as Cerner).
 *
 * @param res - the response (headers already set)
 * @param status - HTTP status
 * @param body - serialised with `JSON.stringify`, key order kept
 * @example
 * ```ts
 * sendCompactJson(res, 200, { access_token: token, scope, token_type: 'Bearer', expires_in: 570 });
 * ```
 */
export function sendCompactJson(res: Response, status: number, body: unknown): void {
  // setHeader and a Buffer body keep Express from appending `; charset=utf-8`.
  res.status(status).setHeader('Content-Type', 'application/json');
  res.send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/**
 * The `error_uri` Cerner puts in token errors.
 *
 * @param urn - the Cerner URN
 * @param correlationId - the response's correlation id
 * @param clientId - the identified client, or undefined for `unknown`
 * @param tenantId - the tenant in the URL
 * @returns `https://authorization.cerner.com/errors/<urn>/instances/<id>?client=…&tenant=…`
 * @example
 * ```ts
 * tokenErrorUri(TokenErrorUrn.emptyScopes, id, 'my-client', tenant);
 * ```
 */
export function tokenErrorUri(
  urn: TokenErrorUrn,
  correlationId: string,
  clientId: string | undefined,
  tenantId: string,
): string {
  return (
    `https://authorization.cerner.com/errors/${encodeURIComponent(urn)}/instances/${correlationId}` +
    `?client=${encodeURIComponent(clientId ?? 'unknown')}&tenant=${encodeURIComponent(tenantId)}`
  );
}

/**
 * Sends `{"error":…,"error_uri":…}`, compact, as Cerner does (no `error_description`), with the
 * token headers; 401s add `WWW-Authenticate: Basic realm="authorization.cerner.com"`.
 *
 * @param res - the response
 * @param err - the refusal
 * @param tenantId - the tenant named in the URL
 * @param correlationId - put in the header and in `error_uri`
 * @example
 * ```ts
 * sendTokenError(res, new TokenError(400, 'invalid_request', TokenErrorUrn.invalidRequest, 'no scope'), tenant, id);
 * ```
 */
export function sendTokenError(
  res: Response,
  err: TokenError,
  tenantId: string,
  correlationId: string,
): void {
  setTokenHeaders(res, correlationId);
  if (err.status === 401) {
    res.set('WWW-Authenticate', `Basic realm="authorization.cerner.com", error="${err.error}"`);
  }
  sendCompactJson(res, err.status, {
    error: err.error,
    error_uri: tokenErrorUri(err.urn, correlationId, err.clientId, tenantId),
  });
}
