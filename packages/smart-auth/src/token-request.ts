import { SmartAuthError, SmartAuthErrorCode } from './errors.js';
import { fetchWithTimeout } from './fetch-with-timeout.js';
import { missingScopes, splitScopes } from './scopes.js';

/** A token from the authorization server, as cerner-kit keeps it. */
export interface AccessToken {
  accessToken: string;
  tokenType: string;
  /** Epoch ms when the server says it expires. */
  expiresAt: number;
  /** The granted scopes (the response `scope`; the requested ones when the server omits it). */
  scopes: string[];
  requestedScopes: string[];
  /** Requested but not granted: Cerner silently drops scopes the app is not registered for. */
  droppedScopes: string[];
}

/** How the client authenticates at the token endpoint. @internal */
export type ClientAuthentication =
  | { kind: 'basic'; clientId: string; clientSecret: string }
  | { kind: 'assertion'; assertion: string };

/** @internal */
export interface TokenRequestInput {
  tokenUrl: string;
  scopes: string[];
  auth: ClientAuthentication;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before Base64. @internal */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const enc = (s: string): string => new URLSearchParams({ s }).toString().slice(2);
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`, 'utf8').toString('base64')}`;
}

/**
 * Posts a client_credentials token request and validates the answer.
 * @internal
 */
export async function requestToken(input: TokenRequestInput): Promise<AccessToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', scope: input.scopes.join(' ') });
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  if (input.auth.kind === 'basic') {
    headers.Authorization = basicAuthorization(input.auth.clientId, input.auth.clientSecret);
  } else {
    form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    form.set('client_assertion', input.auth.assertion);
  }
  const res = await fetchWithTimeout(
    input.fetch,
    input.tokenUrl,
    { method: 'POST', headers, body: form.toString() },
    input.timeoutMs,
    'token request',
  );
  return processTokenResponse(res, input.scopes, input.now);
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Validates a token endpoint response (RFC 6749 §5.1/§5.2, SMART Backend Services §4).
 * @internal
 */
export async function processTokenResponse(res: Response, requested: string[], now: () => number): Promise<AccessToken> {
  const body = await readJson(res);
  if (!res.ok) {
    const err = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const error = typeof err.error === 'string' ? err.error : undefined;
    const errorUri = typeof err.error_uri === 'string' ? err.error_uri : undefined;
    const description = typeof err.error_description === 'string' ? `: ${err.error_description}` : '';
    const code = error && error in SmartAuthErrorCode && !['discovery_failed', 'timeout', 'network', 'bad_response', 'missing_scope', 'invalid_options'].includes(error)
      ? (error as SmartAuthErrorCode)
      : 'bad_response';
    const hint =
      code === 'invalid_scope'
        ? ' (none of the requested scopes is registered for this client: add them to the Cerner app)'
        : code === 'invalid_client'
          ? ' (check the client id and its secret or key)'
          : '';
    throw new SmartAuthError(code, `Token request failed: HTTP ${res.status} ${error ?? 'without an OAuth error'}${description}${hint}`, {
      status: res.status,
      ...(errorUri ? { errorUri } : {}),
      retryable: res.status >= 500 || res.status === 429,
    });
  }
  if (typeof body !== 'object' || body === null) {
    throw new SmartAuthError('bad_response', `Token response is not a JSON object (HTTP ${res.status})`, { status: res.status });
  }
  const b = body as Record<string, unknown>;
  if (typeof b.access_token !== 'string' || b.access_token.length === 0) {
    throw new SmartAuthError('bad_response', 'Token response has no access_token', { status: res.status });
  }
  if (typeof b.token_type !== 'string' || b.token_type.toLowerCase() !== 'bearer') {
    throw new SmartAuthError('bad_response', 'Token response token_type is not bearer', { status: res.status });
  }
  const expiresIn = typeof b.expires_in === 'string' ? Number(b.expires_in) : b.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new SmartAuthError('bad_response', 'Token response expires_in is not a positive number', { status: res.status });
  }
  const granted = typeof b.scope === 'string' ? splitScopes(b.scope) : [...requested];
  return {
    accessToken: b.access_token,
    tokenType: b.token_type,
    expiresAt: now() + expiresIn * 1000,
    scopes: granted,
    requestedScopes: [...requested],
    droppedScopes: missingScopes(granted, requested),
  };
}
