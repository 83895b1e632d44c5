import { readCernerCredentials } from '@cerner-kit/core';
import { createBackendAuth, type BackendAuth } from '@cerner-kit/smart-auth';
import {
  createCernerClient,
  type CernerClient,
  type CernerClientOptions,
} from '@cerner-kit/fhir-r4-actions';
import { SEED_IDS, startMockCerner, type RunningMockCerner } from '@cerner-kit/mock-cerner';
import type { LiveConfig } from './live-config.js';

/** Ids the suites read; from the mock's seed or from CERNER_LIVE_* variables. */
export interface TargetIds {
  patientId?: string;
  mrn?: string;
  mrnPatientId?: string;
  encounterId?: string;
  appointmentId?: string;
  organizationId?: string;
  multiPagePatientId?: string;
  multiPageEncounterCount?: number;
}

/** What a contract suite runs against: the in-process mock or a live tenant. */
export interface Target {
  mode: 'mock' | 'live';
  fhirBaseUrl: string;
  /** Undefined for a live tenant configured without one (SMART discovery finds it). */
  tokenUrl: string | undefined;
  auth: BackendAuth;
  client: CernerClient;
  ids: TargetIds;
  /** Whether tests may create resources: always on the mock; live only with CERNER_LIVE_WRITES=1. */
  writes: boolean;
  /** Only in mock mode. */
  mock?: RunningMockCerner;
  /** A client with other options (same credentials). */
  makeClient(extra?: Partial<CernerClientOptions>): CernerClient;
  close(): Promise<void>;
}

const noSleep = (): Promise<void> => Promise.resolve();

/** Starts the mock on 127.0.0.1:0 and a client for its default system account. */
export async function mockTarget(): Promise<Target> {
  const mock = await startMockCerner({ port: 0 });
  const c = mock.clients[0]!;
  const auth = createBackendAuth({
    clientId: c.clientId,
    credentials: { clientSecret: c.clientSecret! },
    tokenUrl: mock.tokenUrl,
  });
  const makeClient = (extra: Partial<CernerClientOptions> = {}): CernerClient =>
    createCernerClient({ fhirBaseUrl: mock.fhirBaseUrl, auth, sleep: noSleep, ...extra });
  return {
    mode: 'mock',
    fhirBaseUrl: mock.fhirBaseUrl,
    tokenUrl: mock.tokenUrl,
    auth,
    client: makeClient(),
    makeClient,
    mock,
    writes: true,
    ids: {
      patientId: SEED_IDS.patients.smartJoe,
      mrn: SEED_IDS.mrns['13115400'],
      mrnPatientId: SEED_IDS.patients.wilma,
      encounterId: SEED_IDS.encounters[0],
      appointmentId: SEED_IDS.appointment,
      organizationId: SEED_IDS.organization,
      multiPagePatientId: SEED_IDS.patients.manyEncounters,
      multiPageEncounterCount: SEED_IDS.manyEncountersCount,
    },
    close: () => mock.close(),
  };
}

/** A client for a real Cerner tenant from CERNER_* variables. */
export async function liveTarget(cfg: LiveConfig): Promise<Target> {
  const { fhirBaseUrl, tokenUrl } = cfg;
  const credentials = await readCernerCredentials(cfg.credentials);
  const auth = createBackendAuth({
    clientId: cfg.clientId,
    credentials,
    ...(tokenUrl ? { tokenUrl } : { fhirBaseUrl }),
  });
  const makeClient = (extra: Partial<CernerClientOptions> = {}): CernerClient =>
    createCernerClient({
      fhirBaseUrl,
      auth,
      ...(cfg.mrnSystem ? { mrnSystem: cfg.mrnSystem } : {}),
      ...extra,
    });
  return {
    mode: 'live',
    fhirBaseUrl,
    tokenUrl,
    auth,
    client: makeClient(),
    makeClient,
    writes: cfg.writes,
    ids: {
      ...(cfg.patientId ? { patientId: cfg.patientId } : {}),
      ...(cfg.mrn ? { mrn: cfg.mrn } : {}),
      ...(cfg.encounterId ? { encounterId: cfg.encounterId } : {}),
      ...(cfg.appointmentId ? { appointmentId: cfg.appointmentId } : {}),
      ...(cfg.organizationId ? { organizationId: cfg.organizationId } : {}),
    },
    close: () => Promise.resolve(),
  };
}
