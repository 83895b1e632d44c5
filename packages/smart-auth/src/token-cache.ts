import type { AccessToken } from './token-request.js';

interface Entry {
  token?: AccessToken;
  /** When to stop handing out `token` and fetch a new one (epoch ms). */
  refreshAt: number;
  inFlight?: Promise<AccessToken>;
}

/**
 * Token cache with single flight: concurrent callers for one key share one request; a failed
 * request is not cached.
 * @internal
 */
export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #marginMs: number;

  constructor(now: () => number, refreshMarginSeconds: number) {
    this.#now = now;
    this.#marginMs = refreshMarginSeconds * 1000;
  }

  /** The cached token if still fresh, else undefined. The hot path: one Map lookup, one clock read. */
  peek(key: string): AccessToken | undefined {
    const e = this.#entries.get(key);
    if (e?.token !== undefined && this.#now() < e.refreshAt) return e.token;
    return undefined;
  }

  get(key: string, fetchToken: () => Promise<AccessToken>): Promise<AccessToken> {
    const fresh = this.peek(key);
    if (fresh) return Promise.resolve(fresh);
    let e = this.#entries.get(key);
    if (e?.inFlight) return e.inFlight;
    if (!e) {
      e = { refreshAt: 0 };
      this.#entries.set(key, e);
    }
    const entry = e;
    const p = fetchToken().then(
      (token) => {
        entry.token = token;
        entry.inFlight = undefined;
        const lifetime = token.expiresAt - this.#now();
        // Refresh `margin` before expiry, but never spend more than half a short token's life.
        entry.refreshAt = token.expiresAt - Math.min(this.#marginMs, lifetime / 2);
        return token;
      },
      (err: unknown) => {
        entry.inFlight = undefined;
        throw err;
      },
    );
    entry.inFlight = p;
    return p;
  }

  /** Forgets every entry holding this access token (after a 401 from the resource server). */
  invalidate(accessToken: string): boolean {
    let found = false;
    for (const e of this.#entries.values()) {
      if (e.token?.accessToken === accessToken) {
        e.token = undefined;
        e.refreshAt = 0;
        found = true;
      }
    }
    return found;
  }

  clear(): void {
    this.#entries.clear();
  }
}
