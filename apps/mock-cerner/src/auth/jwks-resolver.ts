import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { RegisteredClient } from './client-registry.js';

interface CachedSet {
  jwks: JSONWebKeySet;
  until: number;
}

/**
 * Finds a client's public keys: inline JWKS, or its JWKS URL (fetched with
 * `Accept: application/json`, cached no longer than `Cache-Control: max-age` allows, at most 5 min).
 */
export class JwksResolver {
  readonly #cache = new Map<string, CachedSet>();
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  constructor(fetchFn: typeof fetch, now: () => number) {
    this.#fetch = fetchFn;
    this.#now = now;
  }

  async keySet(client: RegisteredClient): Promise<JSONWebKeySet | undefined> {
    if (client.jwks) return client.jwks;
    if (!client.jwksUrl) return undefined;
    const hit = this.#cache.get(client.jwksUrl);
    if (hit && hit.until > this.#now()) return hit.jwks;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 3000);
    try {
      const res = await this.#fetch(client.jwksUrl, { headers: { Accept: 'application/json' }, signal: controller.signal });
      if (!res.ok) return undefined;
      const body = (await res.json()) as unknown;
      if (typeof body !== 'object' || body === null || !Array.isArray((body as JSONWebKeySet).keys)) return undefined;
      const jwks = body as JSONWebKeySet;
      const maxAge = /max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '');
      const noStore = /no-store|no-cache/.test(res.headers.get('cache-control') ?? '');
      const ttl = noStore ? 0 : Math.min(Number(maxAge?.[1] ?? 300), 300) * 1000;
      if (ttl > 0) this.#cache.set(client.jwksUrl, { jwks, until: this.#now() + ttl });
      return jwks;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  clear(): void {
    this.#cache.clear();
  }
}

/** Exactly one key whose kid matches and whose kty fits the algorithm (SMART §key resolution). */
export function selectKey(jwks: JSONWebKeySet, kid: string, alg: string): ReturnType<typeof createLocalJWKSet> | undefined {
  const kty = alg.startsWith('RS') || alg.startsWith('PS') ? 'RSA' : alg.startsWith('ES') ? 'EC' : undefined;
  const matches = jwks.keys.filter((k) => k.kid === kid && k.kty === kty);
  if (matches.length !== 1) return undefined;
  return createLocalJWKSet({ keys: matches });
}
