import type { JSONWebKeySet } from 'jose';

/**
 * Which SMART scope syntax a client was registered with: `v1` (`system/Patient.read`), `v2`
 * (`system/Patient.rs`) or `both`. Cerner apps registered since 2026 are v2-only.
 *
 * @example
 * ```ts
 * const style: ScopeStyle = 'v2';
 * ```
 */
export type ScopeStyle = 'v1' | 'v2' | 'both';

/**
 * A system client known to the mock's token endpoint: exactly one credential kind (a secret for
 * client_secret_basic, or public keys inline or by URL for private_key_jwt) and its registered
 * scopes.
 *
 * @example
 * ```ts
 * const client: RegisteredClient = { clientId: 'app', clientSecret: 'long-secret', scopes: ['system/Patient.read'], scopeStyle: 'v1' };
 * ```
 */
export interface RegisteredClient {
  clientId: string;
  /** client_secret_basic. */
  clientSecret?: string;
  /** private_key_jwt, keys by value (public keys only). */
  jwks?: JSONWebKeySet;
  /** private_key_jwt, keys by URL (the only URL the mock will fetch for this client). */
  jwksUrl?: string;
  /** Registered scopes; a token gets the intersection with what it asks for. */
  scopes: string[];
  scopeStyle: ScopeStyle;
  /** A display name. */
  name?: string;
}

/**
 * The mock's clients by id.
 *
 * @example
 * ```ts
 * state.clients.register({ clientId: 'app', clientSecret: 'long-secret', scopes: ['system/Patient.rs'], scopeStyle: 'v2' });
 * ```
 */
export interface ClientRegistry {
  /** The client, or undefined. */
  get(clientId: string): RegisteredClient | undefined;
  /** Adds or replaces a client (by id); returns the stored copy. */
  register(client: RegisteredClient): RegisteredClient;
  /** Removes a client; true when it existed. */
  remove(clientId: string): boolean;
  /** Every client, in registration order. */
  list(): RegisteredClient[];
  /** Back to the clients the mock started with. */
  reset(): void;
}

const copy = (c: RegisteredClient): RegisteredClient => ({
  ...c,
  scopes: [...c.scopes],
  ...(c.jwks ? { jwks: { keys: c.jwks.keys.map((k) => ({ ...k })) } } : {}),
});

/**
 * Creates the registry with the clients registered at start (restored by `reset()`).
 *
 * @param initial - clients present from the start (the default client first)
 * @returns the registry
 * @example
 * ```ts
 * const clients = createClientRegistry([{ clientId: 'app', clientSecret: 'long-secret', scopes: ['system/Patient.read'], scopeStyle: 'both' }]);
 * clients.get('app')?.scopes; // ['system/Patient.read']
 * ```
 */
export function createClientRegistry(initial: RegisteredClient[]): ClientRegistry {
  const start = initial.map(copy);
  const clients = new Map<string, RegisteredClient>();
  const reset = (): void => {
    clients.clear();
    for (const c of start) clients.set(c.clientId, copy(c));
  };
  reset();
  return {
    get: (id) => clients.get(id),
    register: (c) => {
      const stored = copy(c);
      clients.delete(c.clientId);
      clients.set(c.clientId, stored);
      return stored;
    },
    remove: (id) => clients.delete(id),
    list: () => [...clients.values()],
    reset,
  };
}
