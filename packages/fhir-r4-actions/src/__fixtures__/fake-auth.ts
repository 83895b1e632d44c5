import type { AccessToken, BackendAuth } from '@cerner-kit/smart-auth';
import { ALL_ACTION_SCOPES } from '../actions/registry.js';

/** A BackendAuth fake: numbered tokens with the given granted scopes; records calls. */
export interface FakeAuth extends BackendAuth {
  /** How many tokens were handed out. */
  issued: number;
  /** getToken calls (scopes requested). */
  requests: (string | readonly string[] | undefined)[];
  invalidated: string[];
}

/** A fake BackendAuth. Tokens look like `tok-SECRET-1` so tests can search logs for them. */
export function fakeAuth(
  granted: readonly string[] = ALL_ACTION_SCOPES,
  options: { fail?: Error; failTimes?: number } = {},
): FakeAuth {
  let failures = 0;
  let current: AccessToken | undefined;
  const self: FakeAuth = {
    issued: 0,
    requests: [],
    invalidated: [],
    clientId: 'fake-client',
    getToken: async (scopes) => {
      self.requests.push(scopes);
      // `fail` on every call, or on the first `failTimes` calls only.
      if (options.fail && (options.failTimes === undefined || failures < options.failTimes)) {
        failures += 1;
        throw options.fail;
      }
      if (!current) {
        self.issued += 1;
        current = {
          accessToken: `tok-SECRET-${self.issued}`,
          tokenType: 'Bearer',
          expiresAt: 1_800_000_000_000,
          scopes: [...granted],
          requestedScopes: typeof scopes === 'string' ? scopes.split(' ') : [...(scopes ?? [])],
          droppedScopes: [],
        };
      }
      return current;
    },
    invalidate: async (token) => {
      self.invalidated.push(token);
      if (current?.accessToken === token) current = undefined;
    },
    discover: async () => ({
      token_endpoint:
        'https://authorization.example/tenants/t1/protocols/oauth2/profiles/smart-v1/token',
    }),
  };
  return self;
}
