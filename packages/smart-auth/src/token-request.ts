import { oauthErrorCode, SmartAuthError } from './errors.js';
import { timedExchange } from './fetch-with-timeout.js';
import { missingScopes, parseScope, splitScopes, toScopeStyle } from './scopes.js';

/**
 * An access token as cerner-kit keeps it. The object (and its arrays) is frozen: every caller
 * sharing a cached token gets the same one.
 *
 * @example
 * ```ts
 * const t: AccessToken = await auth.getToken();
 * await fetch(url, { headers: { Authorization: `Bearer ${t.accessToken}` } });
 * ```
 */
export interface AccessToken {
  /** Opaque; send as `Authorization: Bearer …`. Never logged. */
  accessToken: string;
  /** As the server wrote it (Cerner: `Bearer`); always bearer, case-insensitively. */
  tokenType: string;
  /** Epoch ms: request start + `expires_in` (so never later than the server's clock). */
  expiresAt: number;
  /** The granted scopes: the response `scope`, or the requested ones when the server sent none. */
  scopes: string[];
  /** What was asked for. */
  requestedScopes: string[];
  /** Requested but not granted: Cerner silently drops scopes the app is not registered for. */
  droppedScopes: string[];
}

/**
 * How the client authenticates at the token endpoint.
 * @internal
 *
 * @example
 * ```ts
 * const auth: ClientAuthentication = { kind: 'client_secret_basic', clientId, clientSecret };
 * ```
 */
export type ClientAuthentication =
  | { kind: 'client_secret_basic'; clientId: string; clientSecret: string }
  | { kind: 'private_key_jwt'; assertion: string };

/**
 * One token request.
 * @internal
 *
 * @example
 * ```ts
 * const input: TokenRequestInput = { tokenUrl, scopes: ['system/Patient.read'], auth, fetch, timeoutMs: 10_000, now: Date.now };
 * ```
 */
export interface TokenRequestInput {
  tokenUrl: string;
  scopes: readonly string[];
  auth: ClientAuthentication;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

/**
 * The parts of a token endpoint response that matter.
 * @internal
 *
 * @example
 * ```ts
 * const raw: RawTokenResponse = { status: res.status, body: await res.text() };
 * ```
 */
export interface RawTokenResponse {
  status: number;
  body: string;
  /** Cerner's `Cerner-Correlation-ID` (or `X-Request-Id`) response header. */
  requestId?: string;
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** RFC 6749 §2.3.1 / Appendix B: application/x-www-form-urlencoded, as URLSearchParams writes it. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * The `Authorization` header value for client_secret_basic (RFC 6749 §2.3.1): client id and
 * secret are each form-urlencoded, joined by `:`, then Base64-encoded. So a `:` in the id
 * cannot split it, and non-ASCII characters travel as UTF-8 percent escapes.
 *
 * @param clientId - the client id
 * @param clientSecret - the client secret
 * @returns `Basic …`
 * @example
 * ```ts
 * basicAuthorization('bb318a62-fa61-49ae-b692-7d99214f0ec7', 'secret');
 * // 'Basic YmIzMThhNjItZmE2MS00OWFlLWI2OTItN2Q5OTIxNGYwZWM3OnNlY3JldA=='
 * ```
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64')}`;
}

/**
 * Builds the token request: `grant_type=client_credentials`, `scope` (space-separated), and
 * either a Basic `Authorization` header or `client_assertion_type` + `client_assertion`.
 * @internal
 *
 * @param scopes - the scopes to request
 * @param auth - how the client authenticates
 * @returns the fetch init (POST, form body, Accept: application/json)
 * @example
 * ```ts
 * const init = buildTokenRequest(['system/Patient.read'], { kind: 'client_secret_basic', clientId, clientSecret });
 * ```
 */
export function buildTokenRequest(
  scopes: readonly string[],
  auth: ClientAuthentication,
): RequestInit & { headers: Record<string, string>; body: string } {
  const form = new URLSearchParams([
    ['grant_type', 'client_credentials'],
    ['scope', scopes.join(' ')],
  ]);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  if (auth.kind === 'client_secret_basic') {
    headers.Authorization = basicAuthorization(auth.clientId, auth.clientSecret);
  } else {
    form.append('client_assertion_type', JWT_BEARER);
    form.append('client_assertion', auth.assertion);
  }
  return { method: 'POST', headers, body: form.toString() };
}

/**
 * Posts a client_credentials token request and validates the answer.
 * @internal
 *
 * @param input - token URL, scopes, authentication, fetch, timeout, clock
 * @returns the token
 * @throws {@link SmartAuthError} see {@link processTokenResponse}; `timeout`, `network`
 * @example
 * ```ts
 * const token = await requestToken({ tokenUrl, scopes, auth, fetch, timeoutMs: 10_000, now: Date.now });
 * ```
 */
export async function requestToken(input: TokenRequestInput): Promise<AccessToken> {
  const startedAt = input.now();
  const init = buildTokenRequest(input.scopes, input.auth);
  const raw = await timedExchange<RawTokenResponse>({
    fetch: input.fetch,
    url: input.tokenUrl,
    init,
    timeoutMs: input.timeoutMs,
    what: 'token request',
    read: async (res) => {
      const requestId =
        res.headers.get('cerner-correlation-id') ?? res.headers.get('x-request-id') ?? undefined;
      // An id, not text: anything else the header holds is dropped.
      const id = requestId !== undefined && /^[\w.:-]{1,128}$/.test(requestId) ? requestId : '';
      return { status: res.status, body: await res.text(), ...(id ? { requestId: id } : {}) };
    },
  });
  const secrets =
    input.auth.kind === 'client_secret_basic'
      ? [input.auth.clientSecret, init.headers.Authorization!.slice('Basic '.length)]
      : [input.auth.assertion];
  return processTokenResponse(raw, input.scopes, startedAt, { tokenUrl: input.tokenUrl, secrets });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Server text that goes into a message: printable, short, and scrubbed of anything we sent. */
function sanitize(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

/** `…/errors/urn%3Acerner%3A…/instances/…` → `urn:cerner:…` (the cause, by name). */
function cernerUrn(errorUri: string | undefined): string | undefined {
  const m = errorUri === undefined ? null : /\/errors\/([^/?#]+)/.exec(errorUri);
  if (!m) return undefined;
  try {
    const urn = decodeURIComponent(m[1]!);
    return urn.startsWith('urn:') ? urn : undefined;
  } catch {
    return undefined;
  }
}

function scopeHint(requested: readonly string[]): string {
  const v2 = requested
    .map((s) => (parseScope(s)?.style === 'v1' ? toScopeStyle(s, 'v2') : undefined))
    .filter((s): s is string => s !== undefined);
  return (
    `None of the requested scopes (${requested.join(' ') || 'none'}) is registered for this client: Cerner grants the ` +
    'intersection of requested and registered scopes and refuses an empty one. Register them for the app ' +
    '(Cerner Code Console, system account), or request them in the style the app is registered with' +
    (v2.length > 0 ? ` (apps registered since 2026 use SMART v2, e.g. ${v2[0]!})` : '') +
    '.'
  );
}

const HINTS: Partial<Record<string, string>> = {
  invalid_client:
    'Check the client id and secret, or the key, its kid and the JWKS registered for the client.',
  unauthorized_client: 'The client may not use client_credentials, or may not have these scopes.',
  invalid_grant: 'Check the token URL (its tenant) and the grant.',
  unsupported_grant_type: 'The server does not accept client_credentials at this URL.',
  invalid_request: 'The server rejected the request shape.',
};

/**
 * Validates a token endpoint response (RFC 6749 §5.1 and §5.2; SMART Backend Services "Response").
 * @internal
 *
 * Success needs a JSON object with a non-empty string `access_token`, `token_type` equal to
 * `bearer` ignoring case, and a positive numeric `expires_in` (Cerner: 570). Errors carry
 * `{error, error_description?, error_uri?}` (`error_description` goes behind
 * `serverText()`, never into the message); known OAuth codes pass through; a 401 without one is
 * `invalid_client`; anything else is `bad_response`. 429 and 5xx are retryable.
 *
 * @param raw - status and body text
 * @param requested - the scopes asked for
 * @param startedAt - epoch ms when the request started (the token's lifetime counts from here)
 * @param context - the token URL (for messages) and strings that must never appear in a message
 * @returns the token
 * @throws {@link SmartAuthError} an OAuth code, or `bad_response`
 * @example
 * ```ts
 * processTokenResponse({ status: 200, body }, ['system/Patient.read'], Date.now(), { tokenUrl, secrets: [] });
 * ```
 */
export function processTokenResponse(
  raw: RawTokenResponse,
  requested: readonly string[],
  startedAt: number,
  context: { tokenUrl: string; secrets: readonly string[] },
): AccessToken {
  const { status } = raw;
  const body = parseJsonObject(raw.body);
  const where = `Token request to ${context.tokenUrl}`;
  if (status < 200 || status >= 300) {
    const error = typeof body?.error === 'string' ? body.error : undefined;
    const errorUri = typeof body?.error_uri === 'string' ? body.error_uri : undefined;
    const description =
      typeof body?.error_description === 'string'
        ? sanitize(body.error_description, context.secrets)
        : '';
    const code = error === undefined && status === 401 ? 'invalid_client' : oauthErrorCode(error);
    // Only a code-shaped `error` goes into the message; anything else is server text.
    const codeShaped = error !== undefined && /^[A-Za-z0-9_.-]{1,64}$/.test(error);
    const serverText =
      [codeShaped || error === undefined ? '' : sanitize(error, context.secrets), description]
        .filter((t) => t !== '')
        .join(': ') || undefined;
    const urn = cernerUrn(errorUri);
    const hint =
      code === 'invalid_scope'
        ? scopeHint(requested)
        : (HINTS[code] ?? (status >= 500 ? 'The server failed; retry later.' : ''));
    const what = codeShaped
      ? error
      : error !== undefined
        ? 'a non-standard error'
        : body === undefined
          ? 'non-JSON body'
          : 'no OAuth error';
    const message =
      `${where} failed: HTTP ${status} ${what}` +
      (serverText !== undefined ? ' (server text: see serverText())' : '') +
      (urn !== undefined ? ` [${urn}]` : '') +
      (raw.requestId !== undefined ? ` (request id ${raw.requestId})` : '') +
      (hint !== '' ? `. ${hint}` : '');
    throw new SmartAuthError(code, message, {
      status,
      retryable: status >= 500 || status === 429,
      ...(errorUri !== undefined ? { errorUri } : {}),
      ...(raw.requestId !== undefined ? { requestId: raw.requestId } : {}),
      ...(serverText !== undefined ? { serverText } : {}),
      ...(code === 'invalid_scope' ? { missingScopes: [...requested] } : {}),
    });
  }
  const bad = (problem: string): SmartAuthError =>
    new SmartAuthError('bad_response', `${where}: HTTP ${status} response ${problem}`, { status });
  if (body === undefined) throw bad('is not a JSON object');
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn, scope } = body;
  if (typeof accessToken !== 'string' || accessToken === '') throw bad('has no access_token');
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw bad('token_type is not bearer');
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw bad('expires_in is not a positive number');
  }
  if (scope !== undefined && typeof scope !== 'string') throw bad('scope is not a string');
  const requestedScopes = Object.freeze([...requested]) as string[];
  const scopes = (
    scope === undefined ? requestedScopes : Object.freeze(splitScopes(scope))
  ) as string[];
  return Object.freeze({
    accessToken,
    tokenType,
    expiresAt: startedAt + expiresIn * 1000,
    scopes,
    requestedScopes,
    droppedScopes: Object.freeze(missingScopes(scopes, requestedScopes)) as string[],
  });
}
