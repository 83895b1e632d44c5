import {
  missingScopes,
  SmartAuthError,
  type AccessToken,
  type BackendAuth,
} from '@cerner-kit/smart-auth';
import { FhirActionError } from '../errors.js';
import { logRequest, type Logger } from '../logger.js';
import type { RetryOptions } from './fhir-request.js';
import { backoffMs } from './retry-after.js';
import { wait } from './retry-policy.js';
import type { FhirTelemetry } from '../telemetry/fhir-telemetry.js';

/**
 * What the token source needs from the client.
 * @internal
 */
export interface TokenSourceOptions {
  auth: BackendAuth;
  /** Scopes to request from `auth.getToken`. */
  scopes: readonly string[];
  retry: Required<RetryOptions>;
  logger: Logger;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Counts and marks token retries. */
  telemetry?: Pick<FhirTelemetry, 'retry'>;
}

/**
 * A token for the client's scopes that covers `required`. A transient token failure (network,
 * timeout, 429, 5xx at the token endpoint) is retried with the client's budget for every method:
 * nothing has reached the FHIR server yet.
 *
 * @param o - auth, scopes, retry policy, logger, sleep
 * @param required - scopes to check (none by default)
 * @param signal - ends a retry wait (and is checked around the token request)
 * @returns the access token
 * @throws {@link FhirActionError} `auth_failed` when no token could be had; `missing_scope`
 *   naming what the Cerner app lacks; `aborted` when `signal` fired (nothing was sent)
 * @example
 * ```ts
 * const token = await getAccessToken(options, ['system/Patient.read'], signal);
 * ```
 * @internal
 */
export async function getAccessToken(
  o: TokenSourceOptions,
  required: readonly string[] = [],
  signal?: AbortSignal,
): Promise<AccessToken> {
  const { retries, baseDelayMs, maxDelayMs } = o.retry;
  let token: AccessToken;
  for (let attempt = 0; ; attempt += 1) {
    if (signal?.aborted) throw tokenAborted(signal.reason);
    try {
      token = await o.auth.getToken(o.scopes);
      break;
    } catch (cause) {
      const smart = SmartAuthError.isInstance(cause) ? cause : undefined;
      // Nothing has reached the FHIR server yet, so a transient token failure (network,
      // timeout, 429, 5xx) is retried for writes too, with the same budget as GETs.
      if (smart?.retryable === true && attempt < retries) {
        const ms = backoffMs(attempt, baseDelayMs, maxDelayMs, o.random);
        logRequest(o.logger, 'warn', 'cerner-fhir: token request failed, retrying', {
          method: 'POST',
          resourceType: 'token',
          code: smart.code,
          ...(smart.status !== undefined ? { status: smart.status } : {}),
          attempt,
          retryInMs: ms,
        });
        o.telemetry?.retry('token', ms, false, smart?.status);
        if (!(await wait(o.sleep, ms, signal))) throw tokenAborted(signal?.reason);
        continue;
      }
      const detail = cause instanceof Error ? `: ${cause.message}` : '';
      const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
      throw new FhirActionError(
        'auth_failed',
        `Could not get a Cerner access token${tries} (${smart?.code ?? 'error'})${detail}`,
        {
          retryable: smart?.retryable ?? false,
          ...(smart?.status !== undefined ? { status: smart.status } : {}),
          cause,
        },
      );
    }
  }
  if (signal?.aborted) throw tokenAborted(signal.reason);
  const missing = missingScopes(token.scopes, required);
  if (missing.length > 0) throw missingScopeError(missing, token, o.scopes);
  return token;
}

/**
 * The `missing_scope` error: which scopes, and what to do about them.
 *
 * @param missing - scopes the token lacks, as the action names them
 * @param token - the token that lacks them
 * @param requested - the scopes the client asked for
 * @returns the error (not thrown)
 * @example
 * ```ts
 * throw missingScopeError(['system/Patient.write'], token, clientScopes);
 * ```
 * @internal
 */
export function missingScopeError(
  missing: readonly string[],
  token: AccessToken,
  requested: readonly string[],
): FhirActionError {
  const list = missing.join(', ');
  const granted = token.scopes.length > 0 ? token.scopes.join(' ') : 'nothing';
  const notRequested = missing.filter((m) => missingScopes(requested, [m]).length > 0);
  const them = missing.length > 1 ? 'them' : 'it';
  const message =
    notRequested.length > 0
      ? `This client did not request ${notRequested.join(', ')}: add ${notRequested.length > 1 ? 'them' : 'it'} to the \`scopes\` option of createCernerClient, and make sure the system account has ${them} in Cerner Code Console (the token was granted: ${granted}).`
      : `The Cerner app is not granted ${list}. Add ${them} to the system account's scopes in Cerner Code Console (the token was granted: ${granted}).`;
  return new FhirActionError('missing_scope', message, { missingScopes: [...missing] });
}

/**
 * `aborted` from the token step: the request was not sent.
 *
 * @param reason - the signal's reason
 * @returns the error (not thrown)
 * @example
 * ```ts
 * throw tokenAborted(signal.reason);
 * ```
 * @internal
 */
export function tokenAborted(reason: unknown): FhirActionError {
  return new FhirActionError(
    'aborted',
    "Aborted by the caller's signal while getting an access token: nothing was sent",
    { retryable: true, cause: reason },
  );
}
