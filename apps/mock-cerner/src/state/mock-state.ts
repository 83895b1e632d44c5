import type { Logger } from './logger.js';
import type { ClientRegistry } from '../auth/client-registry.js';
import type { AccessTokenIssuer } from '../auth/access-tokens.js';
import type { FhirStore } from '../fhir/store.js';
import type { FaultRegistry } from '../admin/faults.js';
import type { RequestLog } from '../admin/request-log.js';

/**
 * Everything the mock knows, shared by its routers. One instance per `createMockCerner()`.
 * Where a request enters: `create-mock-cerner.ts` mounts the token router (`auth/`), the FHIR
 * router (`fhir/`) and the admin router (`admin/`) over this state.
 */
export interface MockState {
  readonly tenantId: string;
  /** Epoch milliseconds; injectable for tests. */
  readonly now: () => number;
  readonly logger: Logger;
  /** Fixed public origin (e.g. `http://127.0.0.1:8080`), or undefined to use the request's Host. */
  readonly publicUrl: string | undefined;
  /** Encounter search page size (Cerner's live default appears to be 10). */
  readonly encounterPageSize: number;
  readonly fetch: typeof fetch;
  readonly clients: ClientRegistry;
  readonly accessTokens: AccessTokenIssuer;
  readonly store: FhirStore;
  readonly faults: FaultRegistry;
  readonly requestLog: RequestLog;
}
