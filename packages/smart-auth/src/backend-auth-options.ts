import type { KeyObject } from 'node:crypto';
import type { CryptoKey, JWK } from 'jose';
import {
  ASSERTION_ALGORITHMS,
  privateKeyProblem,
  type AssertionAlgorithm,
} from './client-assertion.js';
import { invalidOption } from './errors.js';
import type { Logger } from './logger.js';
import type { TokenStore } from './token-store.js';
import type { TelemetryOptions } from './telemetry/telemetry-options.js';

/**
 * How the client proves who it is: a secret (client_secret_basic, what Cerner system accounts
 * use) or a private key (private_key_jwt, SMART's asymmetric profile; RS384 or ES384).
 *
 * @example
 * ```ts
 * const secret: ClientCredentials = { clientSecret: process.env.CERNER_CLIENT_SECRET! };
 * const key: ClientCredentials = { privateKey: pkcs8Pem, keyId: 'key-2026-11', alg: 'ES384' };
 * ```
 */
export type ClientCredentials =
  | { clientSecret: string }
  | {
      /** A WebCrypto or Node private key, a private JWK, or a PKCS#8 PEM string. */
      privateKey: CryptoKey | KeyObject | JWK | string;
      /** The `kid` of the key in the JWKS registered for the client. */
      keyId: string;
      alg: AssertionAlgorithm;
      /** The registered JWKS URL, sent as the assertion's `jku` header. */
      jku?: string;
    };

/**
 * Options of {@link createBackendAuth}.
 *
 * @example
 * ```ts
 * const options: BackendAuthOptions = {
 *   clientId: 'bb318a62-fa61-49ae-b692-7d99214f0ec7',
 *   credentials: { clientSecret: process.env.CERNER_CLIENT_SECRET! },
 *   tokenUrl: 'https://authorization.cerner.com/tenants/ec2458f2-1e24-41c8-b71b-0e701af7583d/protocols/oauth2/profiles/smart-v1/token',
 *   scopes: 'system/Patient.read',
 * };
 * ```
 */
export interface BackendAuthOptions {
  clientId: string;
  credentials: ClientCredentials;
  /** The token endpoint, used as given (and as the assertion's `aud`). Wins over discovery. */
  tokenUrl?: string;
  /** FHIR base for `.well-known/smart-configuration` discovery, when there is no `tokenUrl`. */
  fhirBaseUrl?: string;
  /** Default scopes for `getToken()` (SMART requires at least one per request). */
  scopes?: string | readonly string[];
  /** Stop using a token this long before it expires; default 60, capped to half a short token's life. */
  refreshMarginSeconds?: number;
  /** Per HTTP exchange (discovery, token); default 10,000. */
  timeoutMs?: number;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Clock, epoch ms; default `Date.now`. */
  now?: () => number;
  /** Opt-in structured logs; never given secrets, assertions or tokens. */
  logger?: Logger;
  /** `jti` generator for client assertions; default `crypto.randomUUID`. */
  randomId?: () => string;
  /**
   * Where tokens are shared between processes (e.g. `createRedisTokenStore()` from
   * `@cerner-kit/token-store-redis`); default: this process's memory. An in-process cache always
   * sits in front of it, and a store failure never fails a token request.
   */
  tokenStore?: TokenStore;
  /** Bound on each token store call, ms; default 500. Past it the process fetches its own token. */
  tokenStoreTimeoutMs?: number;
  /**
   * OpenTelemetry providers for the `cerner.token` span and the token metrics (default: the
   * global ones, a no-op without an SDK), or `false` for none. See the README, "Telemetry".
   */
  telemetry?: TelemetryOptions;
}

const OPTION_KEYS: ReadonlySet<string> = new Set([
  'clientId',
  'credentials',
  'tokenUrl',
  'fhirBaseUrl',
  'scopes',
  'refreshMarginSeconds',
  'timeoutMs',
  'fetch',
  'now',
  'logger',
  'randomId',
  'tokenStore',
  'tokenStoreTimeoutMs',
  'telemetry',
]);
/** Node's timers fire after 1 ms for any delay above 2^31 - 1 ms: refused, not clamped. */
const MAX_TIMER_MS = 2_147_483_647;
const SECRET_KEYS: ReadonlySet<string> = new Set(['clientSecret']);
const KEY_KEYS: ReadonlySet<string> = new Set(['privateKey', 'keyId', 'alg', 'jku']);

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const u = URL.parse(v);
  return u !== null && (u.protocol === 'https:' || u.protocol === 'http:');
}

/** A user name or password in a URL would end up in messages and logs (and fetch refuses it). */
function hasUserInfo(v: string): boolean {
  const u = URL.parse(v);
  return u !== null && (u.username !== '' || u.password !== '');
}

function checkUrl(field: string, v: unknown, what: string): void {
  if (!isHttpUrl(v)) invalidOption(field, `must be ${what}`);
  if (hasUserInfo(v)) {
    invalidOption(field, 'must not contain a user name or password (give them in credentials)');
  }
}

function checkKeys(obj: object, allowed: ReadonlySet<string>, prefix: string, hint: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) invalidOption(`${prefix}${k}`, `unknown option (${hint})`);
  }
}

/**
 * Checks every option before any network call; throws `invalid_options` naming the field.
 * Messages never echo the secret or key.
 * @internal
 *
 * @param o - the caller's options
 * @throws {@link SmartAuthError} `invalid_options` with `field`
 * @example
 * ```ts
 * validateOptions({ clientId: '', credentials: { clientSecret: 's' }, tokenUrl }); // throws, field 'clientId'
 * ```
 */
export function validateOptions(o: BackendAuthOptions): void {
  if (typeof o !== 'object' || o === null) invalidOption('options', 'expected an object');
  checkKeys(o, OPTION_KEYS, '', `expected ${[...OPTION_KEYS].join(', ')}`);
  if (typeof o.clientId !== 'string' || o.clientId.trim() === '') {
    invalidOption('clientId', 'required, a non-empty string');
  }
  if (o.tokenUrl === undefined && o.fhirBaseUrl === undefined) {
    invalidOption('tokenUrl', 'give tokenUrl, or fhirBaseUrl to discover it');
  }
  if (o.tokenUrl !== undefined) checkUrl('tokenUrl', o.tokenUrl, 'an absolute http(s) URL');
  if (o.fhirBaseUrl !== undefined) {
    checkUrl('fhirBaseUrl', o.fhirBaseUrl, 'an absolute http(s) URL');
  }

  const c = o.credentials as unknown;
  const shapes = '{ clientSecret } or { privateKey, keyId, alg, jku? }';
  if (typeof c !== 'object' || c === null) invalidOption('credentials', `required: ${shapes}`);
  const hasSecret = 'clientSecret' in c;
  const hasKey = 'privateKey' in c;
  if (hasSecret && hasKey) {
    invalidOption('credentials', `give one of clientSecret and privateKey: ${shapes}`);
  }
  if (hasSecret) {
    checkKeys(c, SECRET_KEYS, 'credentials.', `expected ${shapes}`);
    const secret = c.clientSecret;
    if (typeof secret !== 'string' || secret === '') {
      invalidOption('credentials.clientSecret', 'must be a non-empty string');
    }
  } else if (hasKey) {
    checkKeys(c, KEY_KEYS, 'credentials.', `expected ${shapes}`);
    const k = c as { privateKey: unknown; keyId: unknown; alg: unknown; jku?: unknown };
    if (!ASSERTION_ALGORITHMS.includes(k.alg as AssertionAlgorithm)) {
      invalidOption('credentials.alg', 'must be RS384 or ES384');
    }
    if (typeof k.keyId !== 'string' || k.keyId === '') {
      invalidOption(
        'credentials.keyId',
        'required: the kid of the key in the JWKS registered for the client',
      );
    }
    if (k.jku !== undefined) {
      checkUrl('credentials.jku', k.jku, 'the absolute http(s) URL of the registered JWKS');
    }
    const problem = privateKeyProblem(k.privateKey, k.alg as AssertionAlgorithm);
    if (problem !== undefined) invalidOption('credentials.privateKey', problem);
  } else {
    invalidOption('credentials', `expected ${shapes}`);
  }

  const s = o.scopes as unknown;
  if (
    s !== undefined &&
    typeof s !== 'string' &&
    !(Array.isArray(s) && s.every((x) => typeof x === 'string'))
  ) {
    invalidOption('scopes', 'must be a space-separated string or a list of strings');
  }
  const m = o.refreshMarginSeconds;
  if (m !== undefined && !(typeof m === 'number' && Number.isFinite(m) && m >= 0)) {
    invalidOption('refreshMarginSeconds', 'must be a finite number >= 0');
  }
  const t = o.timeoutMs;
  if (t !== undefined && !(typeof t === 'number' && t >= 1 && t <= MAX_TIMER_MS)) {
    invalidOption('timeoutMs', `must be a number of ms between 1 and ${MAX_TIMER_MS}`);
  }
  const st = o.tokenStoreTimeoutMs;
  if (st !== undefined && !(typeof st === 'number' && st >= 1 && st <= MAX_TIMER_MS)) {
    invalidOption('tokenStoreTimeoutMs', `must be a number of ms between 1 and ${MAX_TIMER_MS}`);
  }
  if (o.tokenStore !== undefined) {
    const store = o.tokenStore as unknown as Record<string, unknown> | null;
    if (typeof store !== 'object' || store === null) {
      invalidOption('tokenStore', 'must be an object with get, set, lock and delete');
    }
    for (const m of ['get', 'set', 'lock', 'delete']) {
      if (typeof store[m] !== 'function') invalidOption(`tokenStore.${m}`, 'must be a function');
    }
  }
  const tel = o.telemetry as unknown;
  if (tel !== undefined && tel !== false && (typeof tel !== 'object' || tel === null)) {
    invalidOption('telemetry', 'must be false or an object with tracerProvider / meterProvider');
  }
  for (const f of ['fetch', 'now', 'randomId'] as const) {
    if (o[f] !== undefined && typeof o[f] !== 'function') invalidOption(f, 'must be a function');
  }
  if (o.fetch === undefined && typeof globalThis.fetch !== 'function') {
    invalidOption('fetch', 'no global fetch: pass one');
  }
  if (o.logger !== undefined) {
    const l = o.logger as unknown as Record<string, unknown> | null;
    if (typeof l !== 'object' || l === null) {
      invalidOption('logger', 'must be an object with debug, info, warn and error');
    }
    for (const level of ['debug', 'info', 'warn', 'error']) {
      if (typeof l[level] !== 'function') invalidOption(`logger.${level}`, 'must be a function');
    }
  }
}
