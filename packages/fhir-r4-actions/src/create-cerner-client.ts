import { silentLogger, type BackendAuth, type Logger } from '@cerner-kit/smart-auth';
import type { Appointment, Encounter, Patient } from 'fhir/r4.js';
import { DEFAULT_MRN_SYSTEM } from './cerner/constants.js';
import { cernerFhirBaseUrl } from './cerner/urls.js';
import { FhirActionError } from './errors.js';
import { FhirHttp, type FhirResponse, type RetryOptions } from './http/fhir-http-client.js';
import { actions, ALL_ACTION_SCOPES, type ActionKey, type ActionResult, type ActionContext } from './actions/registry.js';
import type * as s from './actions/schemas.js';
import { validateInput } from './actions/validate-input.js';

/** Options of {@link createCernerClient}. */
export interface CernerClientOptions {
  /** Cerner tenant id; with `environment`, builds Cerner's real FHIR base. */
  tenantId?: string;
  environment?: 'sandbox' | 'production';
  /** Overrides the FHIR base (the mock, a proxy). */
  fhirBaseUrl?: string;
  /** Where tokens come from (`createBackendAuth` from `@cerner-kit/smart-auth`). */
  auth: BackendAuth;
  /** Scopes to request (default: every scope the seven actions need). */
  scopes?: readonly string[];
  /** MRN identifier system (default `urn:oid:2.16.840.1.113883.6.1000`, the sandbox's). */
  mrnSystem?: string;
  /** Per request (default 30,000). */
  timeoutMs?: number;
  retry?: RetryOptions;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Injected for tests (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** A Cerner FHIR R4 client with the seven actions as methods. */
export interface CernerClient {
  readonly fhirBaseUrl: string;
  getPatient(input: s.GetPatientInput): Promise<Patient>;
  createPatient(input: s.CreatePatientInput): Promise<{ id: string }>;
  findPatientByMrn(input: s.FindPatientByMrnInput): Promise<{ id: string } | null>;
  getAppointment(input: s.GetAppointmentInput): Promise<Appointment>;
  getPatientEncounters(input: s.GetPatientEncountersInput): Promise<Encounter[]>;
  createClinicalNote(input: s.CreateClinicalNoteInput): Promise<{ id: string }>;
  getEncounter(input: s.GetEncounterInput): Promise<Encounter>;
  /** Runs an action by key with unvalidated input (validated here). */
  run<K extends ActionKey>(key: K, input: unknown): Promise<ActionResult<K>>;
  /** Low-level GET or POST through the same layer (token, retries, errors). */
  request(req: { method: 'GET' | 'POST'; path: string; body?: unknown; requiredScopes: readonly string[]; resourceType: string }): Promise<FhirResponse>;
}

function fail(field: string, message: string): never {
  throw new FhirActionError('invalid_input', `${field}: ${message}`, { field });
}

/**
 * Creates a Cerner FHIR R4 client.
 *
 * @throws {@link FhirActionError} `invalid_input` for bad options, naming the option
 * @example
 * ```ts
 * const client = createCernerClient({ tenantId, environment: 'sandbox', auth });
 * const match = await client.findPatientByMrn({ mrn: '292392' });
 * if (match) console.log((await client.getPatientEncounters({ patientId: match.id })).length);
 * ```
 */
export function createCernerClient(options: CernerClientOptions): CernerClient {
  if (typeof options !== 'object' || options === null) fail('options', 'expected an object');
  if (!options.auth || typeof options.auth.getToken !== 'function') fail('auth', 'required: createBackendAuth(...) from @cerner-kit/smart-auth');
  let base: string;
  if (options.fhirBaseUrl !== undefined) {
    if (!URL.canParse(options.fhirBaseUrl) || !/^https?:/.test(options.fhirBaseUrl)) fail('fhirBaseUrl', 'must be an absolute http(s) URL');
    base = options.fhirBaseUrl.replace(/\/+$/, '');
  } else {
    if (!options.tenantId) fail('tenantId', 'required unless fhirBaseUrl is given');
    if (options.environment !== 'sandbox' && options.environment !== 'production') fail('environment', "'sandbox' or 'production' (or give fhirBaseUrl)");
    base = cernerFhirBaseUrl(options.tenantId, options.environment);
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) fail('timeoutMs', 'must be > 0');
  const now = options.now ?? Date.now;
  const http = new FhirHttp({
    baseUrl: base,
    auth: options.auth,
    scopes: options.scopes ?? ALL_ACTION_SCOPES,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: { retries: options.retry?.retries ?? 2, baseDelayMs: options.retry?.baseDelayMs ?? 200, maxDelayMs: options.retry?.maxDelayMs ?? 10_000 },
    logger: options.logger ?? silentLogger,
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    now,
  });
  const ctx: ActionContext = { http, mrnSystem: options.mrnSystem ?? DEFAULT_MRN_SYSTEM, now };

  const run = <K extends ActionKey>(key: K, input: unknown): Promise<ActionResult<K>> => {
    const action = actions[key] as unknown as { input: Parameters<typeof validateInput>[0]; run(c: ActionContext, i: unknown): Promise<ActionResult<K>> };
    if (!action) return Promise.reject(new FhirActionError('invalid_input', `unknown action ${String(key)}`, { field: 'key' }));
    // Validation throws synchronously; run it inside the promise chain so callers get a rejection.
    return Promise.resolve().then(() => action.run(ctx, validateInput(action.input, input, key)));
  };

  return {
    fhirBaseUrl: base,
    getPatient: (i) => run('getPatient', i),
    createPatient: (i) => run('createPatient', i),
    findPatientByMrn: (i) => run('findPatientByMrn', i),
    getAppointment: (i) => run('getAppointment', i),
    getPatientEncounters: (i) => run('getPatientEncounters', i),
    createClinicalNote: (i) => run('createClinicalNote', i),
    getEncounter: (i) => run('getEncounter', i),
    run,
    request: (req) => http.request(req),
  };
}
