import {
  createDelivery,
  type Delivery,
  type DeliveryEvent,
  type DeliveryOptions,
} from '@cerner-kit/delivery';
import {
  createTestSchema,
  findTestDatabase,
  type TestDatabase,
} from '@cerner-kit/delivery/testing';
import {
  ALL_ACTION_SCOPES,
  createCernerClient,
  type CernerClient,
  type CernerClientOptions,
} from '@cerner-kit/fhir-r4-actions';
import { startMockCerner, type FaultRule, type RunningMockCerner } from '@cerner-kit/mock-cerner';
import { createBackendAuth } from '@cerner-kit/smart-auth';
import type { DocumentReference, Encounter, Patient } from 'fhir/r4.js';

let server: Promise<TestDatabase> | undefined;
/** The PostgreSQL server of this run (found once). */
export function testDatabase(): Promise<TestDatabase> {
  server ??= findTestDatabase();
  return server;
}

/** The action scopes plus the reads reconciliation needs. */
export const DELIVERY_SCOPES = [
  ...ALL_ACTION_SCOPES,
  'system/DocumentReference.read',
  'system/Binary.read',
];

/** The mock on 127.0.0.1:0 (with an MLLP listener) and a client of its default account. */
export async function startMock(
  extra: Partial<CernerClientOptions> = {},
  options: { readScopes?: boolean } = {},
): Promise<{
  mock: RunningMockCerner;
  client: CernerClient;
  makeClient: (o?: Partial<CernerClientOptions>) => CernerClient;
}> {
  const mock = await startMockCerner({ port: 0, mllpPort: 0, preloadValidator: false });
  // A system account that may also read back what it wrote (reconciliation needs that).
  const reg = await fetch(new URL('/admin/clients', mock.fhirBaseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: 'delivery-client',
      clientSecret: 'delivery-secret',
      scopes: DELIVERY_SCOPES,
    }),
  });
  if (reg.status >= 300) throw new Error(`admin/clients: ${reg.status} ${await reg.text()}`);
  const readBack = options.readScopes ?? true;
  const c = readBack
    ? { clientId: 'delivery-client', clientSecret: 'delivery-secret' }
    : mock.clients[0]!;
  const auth = createBackendAuth({
    clientId: c.clientId,
    credentials: { clientSecret: c.clientSecret! },
    tokenUrl: mock.tokenUrl,
  });
  const makeClient = (o: Partial<CernerClientOptions> = {}): CernerClient =>
    createCernerClient({
      fhirBaseUrl: mock.fhirBaseUrl,
      auth,
      timeoutMs: 5_000,
      scopes: readBack ? DELIVERY_SCOPES : ALL_ACTION_SCOPES,
      ...extra,
      ...o,
    });
  return { mock, client: makeClient(), makeClient };
}

/** Puts one Patient and one Encounter of theirs into the mock's store. */
export function putPatient(
  mock: RunningMockCerner,
  pid: string,
  eid: string,
  family: string,
): void {
  const patient: Patient = {
    resourceType: 'Patient',
    id: pid,
    active: true,
    name: [{ use: 'official', family, given: ['Test'] }],
  };
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: eid,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${pid}` },
  };
  mock.mock.state.store.put(patient);
  mock.mock.state.store.put(encounter);
}

/** Seeds `n` patients with one encounter each; returns [patientId, encounterId] pairs. */
export function seedPatients(mock: RunningMockCerner, n: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const pid = `77${String(i).padStart(5, '0')}`;
    const eid = `88${String(i).padStart(5, '0')}`;
    putPatient(mock, pid, eid, `Queue${i}`);
    out.push([pid, eid]);
  }
  return out;
}

/** Sets the mock's fault rules. */
export async function setFaults(mock: RunningMockCerner, rules: FaultRule[]): Promise<void> {
  const res = await fetch(new URL('/admin/faults', mock.fhirBaseUrl), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  if (res.status !== 200) throw new Error(`faults: ${res.status} ${await res.text()}`);
}

/** Every stored note's text, decoded, for the seeded patients. */
export function storedNoteTexts(mock: RunningMockCerner, patients: string[]): string[] {
  const store = mock.mock.state.store;
  return patients.flatMap((p) =>
    store
      .documentsOf(p)
      .map((d: DocumentReference) =>
        Buffer.from(d.content[0]?.attachment.data ?? '', 'base64').toString('utf8'),
      ),
  );
}

/** A delivery on its own schema, and a way to wait for events. */
export interface TestDelivery {
  delivery: Delivery;
  schema: string;
  url: string;
  events: DeliveryEvent[];
  /** Resolves once `pred` holds over the events seen so far (checked on each new event). */
  until(pred: (events: DeliveryEvent[]) => boolean): Promise<void>;
  close(): Promise<void>;
}

/** Creates a delivery in a fresh schema (dropped by `close`); undefined when there is no server. */
export async function makeDelivery(
  options: Omit<DeliveryOptions, 'connectionString' | 'pool' | 'schema'>,
  schemaPrefix = 'ck_delivery',
): Promise<TestDelivery | undefined> {
  const db = await testDatabase();
  if (db.url === undefined) return undefined;
  const { schema, drop } = await createTestSchema(db.url, schemaPrefix);
  const events: DeliveryEvent[] = [];
  const waiters: { pred: (e: DeliveryEvent[]) => boolean; resolve: () => void }[] = [];
  const delivery = await createDelivery({
    superviseIntervalSeconds: 1,
    pollingIntervalSeconds: 0.05,
    ...options,
    // A test database need not survive a power cut: commits skip the WAL flush wait.
    connectionString: `${db.url}${db.url.includes('?') ? '&' : '?'}options=-c%20synchronous_commit%3Doff`,
    schema,
    onStateChange: (e) => {
      events.push(e);
      options.onStateChange?.(e);
      for (const w of [...waiters]) {
        if (w.pred(events)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
  });
  return {
    delivery,
    schema,
    url: db.url,
    events,
    until: (pred) =>
      pred(events) ? Promise.resolve() : new Promise((resolve) => waiters.push({ pred, resolve })),
    async close() {
      await delivery.stop();
      await drop();
    },
  };
}

/** Count of `delivered` events per delivery id. */
export const deliveredIds = (events: DeliveryEvent[]): Set<string> =>
  new Set(events.filter((e) => e.to === 'delivered').map((e) => e.id));
