import type { AccessToken, BackendAuth } from '@cerner-kit/smart-auth';

/** A BackendAuth that hands out numbered tokens with the given granted scopes. */
export function fakeAuth(granted: string[] = ['system/Patient.read', 'system/Patient.write', 'system/Appointment.read', 'system/Encounter.read', 'system/DocumentReference.write']): BackendAuth & { issued: number; invalidated: string[] } {
  let current: AccessToken | undefined;
  const self = {
    issued: 0,
    invalidated: [] as string[],
    clientId: 'fake',
    getToken: async () => {
      if (!current) {
        self.issued += 1;
        current = { accessToken: `tok-${self.issued}`, tokenType: 'Bearer', expiresAt: Date.now() + 570_000, scopes: granted, requestedScopes: granted, droppedScopes: [] };
      }
      return current;
    },
    invalidate: (t: string) => {
      self.invalidated.push(t);
      if (current?.accessToken === t) current = undefined;
    },
    discover: async () => ({ token_endpoint: 'https://auth.example/token' }),
  };
  return self;
}

export type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

/** A fetch that records calls and answers from a queue of handlers (the last one repeats). */
export function fakeFetch(...handlers: Handler[]): typeof fetch & { calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const h = handlers[Math.min(calls.length - 1, handlers.length - 1)]!;
    return h(String(url), init ?? {});
  }) as typeof fetch & { calls: typeof calls };
  f.calls = calls;
  return f;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/fhir+json', ...headers } });

export const BASE = 'https://fhir.example/r4/t1';
