// STUB: owned by the token-issuer engineer; keep the exported names.
import type { JSONWebKeySet } from 'jose';

export type ScopeStyle = 'v1' | 'v2' | 'both';

export interface RegisteredClient {
  clientId: string;
  clientSecret?: string;
  jwks?: JSONWebKeySet;
  jwksUrl?: string;
  scopes: string[];
  scopeStyle: ScopeStyle;
  name?: string;
}

export interface ClientRegistry {
  get(clientId: string): RegisteredClient | undefined;
  register(client: RegisteredClient): RegisteredClient;
  list(): RegisteredClient[];
  /** Back to the clients the mock started with. */
  reset(): void;
}

export function createClientRegistry(initial: RegisteredClient[]): ClientRegistry {
  const clients = new Map<string, RegisteredClient>();
  const reset = (): void => {
    clients.clear();
    for (const c of initial) clients.set(c.clientId, c);
  };
  reset();
  return {
    get: (id) => clients.get(id),
    register: (c) => (clients.set(c.clientId, c), c),
    list: () => [...clients.values()],
    reset,
  };
}
