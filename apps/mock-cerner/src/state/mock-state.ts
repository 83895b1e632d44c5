import type { DocumentReference } from 'fhir/r4.js';
import type { Logger } from './logger.js';
import type { RevocableIssuer } from './token-ledger.js';
import type { TenantSnapshot } from './tenant-snapshots.js';
import type { ClientRegistry } from '../auth/client-registry.js';
import type { FhirStore } from '../fhir/store.js';
import type { PageContexts } from '../fhir/page-context.js';
import type { FaultRegistry } from '../admin/faults.js';
import type { RequestLog } from '../admin/request-log.js';

/**
 * A document message the HL7 listener stored, remembered by sender and MSH-10 so that a
 * retransmission is answered again without a second DocumentReference.
 */
export interface DeliveredDocument {
  /** A digest of the message without its MSH. */
  fingerprint: string;
  /** The DocumentReference as stored. */
  doc: DocumentReference;
}

/**
 * Everything one tenant of the mock knows, shared by its routers and its MLLP handling: store,
 * clients, tokens, faults, request log, search page contexts, delivered HL7 documents. One
 * instance per tenant (`createTenant`); nothing of a tenant lives in module-level variables, so a
 * second tenant is just a second object.
 * Where a request enters: `create-mock-cerner.ts` routes by tenant to the token router (`auth/`),
 * the FHIR router (`fhir/`) and the admin router (`admin/`) over this state.
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
  /** The tenant's token issuer; `revokeAll()` revokes every live token (reset with `revokeTokens`). */
  readonly accessTokens: RevocableIssuer;
  readonly store: FhirStore;
  readonly faults: FaultRegistry;
  readonly requestLog: RequestLog;
  /** Saved search results behind `-pageContext` links. */
  readonly pageContexts: PageContexts;
  /** Document messages stored by the HL7 listener, by sender and MSH-10 (bounded). */
  readonly deliveredDocuments: Map<string, DeliveredDocument>;
  /** Snapshots of this tenant (`POST /admin/snapshots`), by id, oldest first. */
  readonly snapshots: Map<string, TenantSnapshot>;
}
