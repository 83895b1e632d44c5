import { importJWK, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import type { RegisteredClient } from './client-registry.js';

/**
 * Options of {@link JwksResolver}.
 * @example
 * ```ts
 * new JwksResolver(fetch, Date.now, { timeoutMs: 1000, refetchCooldownMs: 30_000 });
 * ```
 */
export interface JwksResolverOptions {
  /** Fetch timeout (default 3000 ms). */
  timeoutMs?: number;
  /** Largest JWKS document accepted (default 64 KiB). */
  maxBytes?: number;
  /** Longest a fetched set is cached, whatever `max-age` says (default 300 s). */
  maxTtlMs?: number;
  /** A set is refetched for an unknown `kid` at most this often (default 10 s). */
  refetchCooldownMs?: number;
}

interface CachedSet {
  jwks: JSONWebKeySet;
  /** Cache until (epoch ms); 0 when the response forbade caching. */
  until: number;
  fetchedAt: number;
}

/**
 * Resolves a client's verification key: from its inline JWKS, or from its registered JWKS URL,
 * fetched with `Accept: application/json`, no redirects, a timeout and a size cap, and cached no
 * longer than the response's `Cache-Control: max-age` (never with `no-store`/`no-cache`). An
 * unknown `kid` triggers one refetch (key rotation), at most once per cooldown. Only registered
 * URLs are ever fetched: `jku` is compared by the caller before anything else.
 *
 * @example
 * ```ts
 * const keys = new JwksResolver(fetch, Date.now);
 * const key = await keys.findKey(client, header.kid, header.alg);
 * ```
 */
export class JwksResolver {
  readonly #cache = new Map<string, CachedSet>();
  readonly #inflight = new Map<string, Promise<CachedSet | undefined>>();
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #opts: Required<JwksResolverOptions>;

  /**
   * @param fetchFn - used for JWKS URLs (the mock's injected `fetch`)
   * @param now - clock, epoch ms
   * @param options - timeouts and limits
   */
  constructor(fetchFn: typeof fetch, now: () => number, options: JwksResolverOptions = {}) {
    this.#fetch = fetchFn;
    this.#now = now;
    this.#opts = {
      timeoutMs: options.timeoutMs ?? 3000,
      maxBytes: options.maxBytes ?? 64 * 1024,
      maxTtlMs: options.maxTtlMs ?? 300_000,
      refetchCooldownMs: options.refetchCooldownMs ?? 10_000,
    };
  }

  /**
   * Finds exactly one key for `kid` and `alg` (see {@link selectJwk}) and imports it.
   *
   * @param client - the registered client (inline `jwks` or `jwksUrl`)
   * @param kid - the assertion's `kid`
   * @param alg - the assertion's (already allow-listed) `alg`
   * @returns the public key, or undefined (no keys, no single match, fetch failed)
   */
  async findKey(
    client: RegisteredClient,
    kid: string,
    alg: string,
  ): Promise<CryptoKey | undefined> {
    let jwk: JWK | undefined;
    if (client.jwks) {
      jwk = selectJwk(client.jwks, kid, alg);
    } else if (client.jwksUrl) {
      const url = client.jwksUrl;
      const now = this.#now();
      let entry = this.#cache.get(url);
      if (!entry || entry.until <= now) entry = await this.#load(url);
      jwk = entry ? selectJwk(entry.jwks, kid, alg) : undefined;
      if (!jwk && entry && this.#now() - entry.fetchedAt >= this.#opts.refetchCooldownMs) {
        entry = await this.#load(url);
        jwk = entry ? selectJwk(entry.jwks, kid, alg) : undefined;
      }
    }
    if (!jwk) return undefined;
    try {
      const key = await importJWK(jwk, alg);
      return key instanceof Uint8Array ? undefined : key;
    } catch {
      return undefined;
    }
  }

  /** Forgets every fetched set. */
  clear(): void {
    this.#cache.clear();
  }

  #load(url: string): Promise<CachedSet | undefined> {
    let p = this.#inflight.get(url);
    if (!p) {
      p = this.#fetchSet(url).finally(() => this.#inflight.delete(url));
      this.#inflight.set(url, p);
    }
    return p;
  }

  async #fetchSet(url: string): Promise<CachedSet | undefined> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#opts.timeoutMs);
    try {
      const res = await this.#fetch(url, {
        headers: { Accept: 'application/json' },
        redirect: 'manual',
        signal: controller.signal,
      });
      if (res.status !== 200) return undefined;
      const text = await res.text();
      if (Buffer.byteLength(text) > this.#opts.maxBytes) return undefined;
      const body = JSON.parse(text) as unknown;
      if (
        typeof body !== 'object' ||
        body === null ||
        !Array.isArray((body as JSONWebKeySet).keys)
      ) {
        return undefined;
      }
      const cacheControl = res.headers.get('cache-control') ?? '';
      const maxAge = /(?:^|[,\s])max-age=(\d+)/i.exec(cacheControl);
      const noStore = /no-store|no-cache/i.test(cacheControl);
      const ttl = noStore
        ? 0
        : Math.min(Number(maxAge?.[1] ?? Infinity) * 1000, this.#opts.maxTtlMs);
      const now = this.#now();
      const entry: CachedSet = {
        jwks: body as JSONWebKeySet,
        until: ttl > 0 ? now + ttl : 0,
        fetchedAt: now,
      };
      if (ttl > 0) this.#cache.set(url, entry);
      else this.#cache.delete(url);
      return entry;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
};

/**
 * SMART's key selection: exactly one key whose `kid` matches and whose `kty` fits the algorithm
 * (RSA for RS*, EC for ES*); a key's own `alg`, `use` and `key_ops`, when present, must allow the
 * verification. Zero or several matches: none. Private members are dropped.
 *
 * @param jwks - the client's key set
 * @param kid - the assertion's `kid`
 * @param alg - the assertion's `alg`
 * @returns the public JWK, or undefined
 * @example
 * ```ts
 * selectJwk({ keys: [rsaPublicJwk] }, 'rsa-1', 'RS384');
 * ```
 */
export function selectJwk(jwks: JSONWebKeySet, kid: string, alg: string): JWK | undefined {
  const kty =
    alg.startsWith('RS') || alg.startsWith('PS') ? 'RSA' : alg.startsWith('ES') ? 'EC' : undefined;
  if (!kty) return undefined;
  const matches = jwks.keys.filter(
    (k) =>
      typeof k === 'object' &&
      k !== null &&
      k.kid === kid &&
      k.kty === kty &&
      (k.alg === undefined || k.alg === alg) &&
      (k.use === undefined || k.use === 'sig') &&
      (k.key_ops === undefined || (Array.isArray(k.key_ops) && k.key_ops.includes('verify'))),
  );
  if (matches.length !== 1) return undefined;
  const k = matches[0]!;
  const pub: JWK = { kty, kid };
  for (const m of PUBLIC_MEMBERS[kty]!) {
    const v = (k as Record<string, unknown>)[m];
    if (typeof v !== 'string') return undefined;
    (pub as Record<string, unknown>)[m] = v;
  }
  return pub;
}
