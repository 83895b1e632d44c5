import { createHmac, randomUUID } from 'node:crypto';
import {
  silentLogger,
  type CernerClient,
  type CreateClinicalNoteInput,
  type CreatePatientInput,
  type Logger,
} from '@cerner-kit/fhir-r4-actions';
import type { MllpClient } from '@cerner-kit/hl7-adapters';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import type { RetryPolicy } from './backoff.js';
import { DeliveryStore } from './delivery-store.js';
import { DeliveryError } from './errors.js';
import {
  freezeHl7,
  freezeNote,
  freezePatient,
  type FrozenPayload,
  type Hl7NoteInput,
} from './freeze.js';
import { bossDb, type Queryable } from './queryable.js';
import { createTableSql, q } from './sql.js';
import type { DeliveryEvent, DeliveryKind, DeliveryState, DeliveryStatus } from './types.js';
import { startWorkLoop, type WorkLoop } from './work-loop.js';
import { handleJob, type Delivered, type WorkerContext } from './worker.js';
import { validateOptions } from './validate-options.js';

/**
 * Options of {@link createDelivery}. Give `connectionString` or `pool`.
 *
 * @example
 * ```ts
 * const options: DeliveryOptions = { connectionString: process.env.DATABASE_URL, cerner: client };
 * ```
 */
export interface DeliveryOptions {
  /** PostgreSQL URL; pg-boss and the delivery table get pools of their own. */
  connectionString?: string;
  /** An existing `pg.Pool` (used for everything; pg-boss then polls instead of LISTEN). */
  pool?: pg.Pool;
  /** Schema holding pg-boss's tables and the `delivery` table (default `cerner_delivery`). */
  schema?: string;
  /** pg-boss queue name (default `cerner-delivery`). */
  queue?: string;
  /** The Cerner client that sends FHIR creates and reconciles (`createCernerClient(...)`). */
  cerner: Pick<CernerClient, 'request' | 'run' | 'fhirBaseUrl'>;
  /** The MLLP client for HL7 sends (one connection, shared; `createMllpClient(...)`). */
  mllp?: MllpClient;
  /** Tenant id for code set 72 note types (default: the last segment of the FHIR base). */
  tenantId?: string;
  /** Secret for the per-patient ordering keys (HMAC-SHA256, so no MRN lands in pg-boss's rows). */
  keySecret?: string;
  /** Backoff for transient failures; see {@link RetryPolicy}. */
  retry?: RetryPolicy;
  /**
   * Deadline of one attempt (default 60,000 ms); past it the attempt counts as in doubt. Keep the
   * client's own `timeoutMs` below it. pg-boss expires a job this long plus 2 s after it started
   * (a crashed worker's job comes back after that).
   */
  attemptTimeoutMs?: number;
  /** Wait for an HL7 ACK (default 30,000 ms). */
  hl7TimeoutMs?: number;
  /** AE/CE answers before an HL7 delivery is dead-lettered (default 5). */
  maxApplicationErrors?: number;
  /** How often pg-boss looks for expired jobs (default 10 s). */
  superviseIntervalSeconds?: number;
  /** How often an idle worker polls (default 1 s; an enqueue in the same process wakes it). */
  pollingIntervalSeconds?: number;
  /** Every state change, with ids, codes and counts only (no patient data). */
  onStateChange?: (event: DeliveryEvent) => void;
  /** Called once per delivery after it is recorded as delivered, with the Cerner id or ACK. */
  onDelivered?: (delivered: Delivered) => void | Promise<void>;
  /** Structured logs, ids and codes only. */
  logger?: Logger;
  /** Clock, epoch ms (default Date.now): frozen note periods and HL7 MSH-7. */
  now?: () => number;
  /** [0, 1) for backoff jitter (default Math.random). */
  random?: () => number;
}

/**
 * Options of {@link Delivery.enqueue}.
 *
 * @example
 * ```ts
 * await delivery.enqueue('createClinicalNote', note, { tx: client }); // inside the caller's BEGIN … COMMIT
 * ```
 */
export interface EnqueueOptions {
  /** Join the caller's transaction: the delivery exists if and only if it commits. */
  tx?: Queryable;
  /**
   * Per-patient ordering key (hashed before it is stored). Default: `patientId` for notes,
   * `mrn` (else `patientId`) for HL7, the delivery id for `createPatient`.
   */
  orderingKey?: string;
  /** The delivery id (a UUID), default random. */
  id?: string;
}

/**
 * One item of {@link Delivery.enqueueMany}.
 *
 * @example
 * ```ts
 * const item: EnqueueItem = { kind: 'createClinicalNote', input: { patientId: '12724066', encounterId: '97939518', text: 'Seen.' } };
 * ```
 */
export type EnqueueItem =
  | { kind: 'createPatient'; input: CreatePatientInput; options?: Omit<EnqueueOptions, 'tx'> }
  | {
      kind: 'createClinicalNote';
      input: CreateClinicalNoteInput;
      options?: Omit<EnqueueOptions, 'tx'>;
    }
  | { kind: 'hl7'; input: Hl7NoteInput; options?: Omit<EnqueueOptions, 'tx'> };

/**
 * A durable delivery queue on pg-boss. See {@link createDelivery}.
 *
 * @example
 * ```ts
 * const { id } = await delivery.enqueue('createClinicalNote', { patientId: '12724066', encounterId: '97939518', text: 'Seen.' });
 * ```
 */
export interface Delivery {
  /** The PostgreSQL schema of the queue's tables. */
  readonly schema: string;
  /** The pg-boss queue name. */
  readonly queue: string;
  enqueue(
    kind: 'createPatient',
    input: CreatePatientInput,
    options?: EnqueueOptions,
  ): Promise<{ id: string }>;
  enqueue(
    kind: 'createClinicalNote',
    input: CreateClinicalNoteInput,
    options?: EnqueueOptions,
  ): Promise<{ id: string }>;
  enqueue(
    kind: 'hl7',
    input: Hl7NoteInput,
    options?: EnqueueOptions,
  ): Promise<{ id: string; controlId: string }>;
  /**
   * Queues several deliveries in one transaction (all or none): each is validated and frozen
   * first, so one invalid input refuses the whole batch with its action's typed error.
   */
  enqueueMany(
    items: EnqueueItem[],
    options?: { tx?: Queryable },
  ): Promise<{ id: string; controlId?: string }[]>;
  /** Starts `concurrency` handlers in this process (default 4). */
  start(options?: { concurrency?: number }): Promise<void>;
  /** Stops the handlers (waiting for running attempts) and closes the pools it opened. */
  stop(): Promise<void>;
  status(id: string): Promise<DeliveryStatus | null>;
  /** Deliveries of one patient, oldest first (same key as at enqueue: patientId or MRN). */
  statusByPatient(patientKey: string): Promise<DeliveryStatus[]>;
  /** Deliveries in a state, oldest first (default at most 100). */
  list(state: DeliveryState, limit?: number): Promise<DeliveryStatus[]>;
  /** Queues a `dead` delivery again (resent as frozen), or a `needs_review` one (reconciled first). */
  retryDead(id: string): Promise<void>;
  /** Cancels a queued delivery that no attempt has left in doubt. */
  cancel(id: string): Promise<void>;
}

const SCHEMA_RX = /^[a-z_][a-z0-9_]{0,62}$/;

function tenantOf(base: string): string {
  return new URL(base).pathname.split('/').filter(Boolean).at(-1) ?? '';
}

/**
 * Creates the delivery layer: creates (or migrates) pg-boss's schema and the `delivery` table,
 * and returns `enqueue`, the workers and the operations. Input is validated and frozen at
 * enqueue (note period, HL7 MSH-7/MSH-10), so a retry an hour later sends the same thing.
 *
 * @param options - database, Cerner client, optional MLLP client and tuning
 * @returns the delivery queue (call `stop()` when done)
 * @throws {@link DeliveryError} `invalid_input` naming the option
 * @example
 * ```ts
 * const delivery = await createDelivery({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', cerner: client });
 * await delivery.start({ concurrency: 4 });
 * const { id } = await delivery.enqueue('createClinicalNote', { patientId: '12724066', encounterId: '97939518', text: 'Seen.' });
 * ```
 */
export async function createDelivery(options: DeliveryOptions): Promise<Delivery> {
  const o = validateOptions(options);
  const schema = options.schema ?? 'cerner_delivery';
  if (!SCHEMA_RX.test(schema)) {
    throw new DeliveryError('invalid_input', 'schema: lower-case letters, digits and _', 'schema');
  }
  const queue = options.queue ?? 'cerner-delivery';
  const logger = options.logger ?? silentLogger;
  const ownPool = options.pool === undefined;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 5 });
  const now = options.now ?? Date.now;
  const tenantId = options.tenantId ?? tenantOf(options.cerner.fhirBaseUrl);
  const secret = options.keySecret ?? 'cerner-kit-delivery';
  const patientKey = (raw: string): string =>
    createHmac('sha256', secret).update(raw).digest('hex').slice(0, 32);

  await pool.query(createTableSql(schema));
  const boss = new PgBoss({
    ...(ownPool ? { connectionString: options.connectionString! } : { db: bossDb(pool) }),
    schema,
    schedule: false,
    supervise: true,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    ...(ownPool ? { max: 6 } : {}),
  });
  boss.on('error', (e: unknown) =>
    logger.error('delivery: pg-boss error', { code: (e as { code?: string }).code ?? 'error' }),
  );
  await boss.start();
  const expire = Math.ceil(o.attemptTimeoutMs / 1000) + 2;
  if (!(await boss.getQueue(queue).catch(() => null))) {
    await boss
      .createQueue(queue, {
        policy: 'key_strict_fifo',
        retryLimit: 1_000_000,
        retryDelay: 1,
        expireInSeconds: expire,
      })
      .catch(async (e: unknown) => {
        if (!(await boss.getQueue(queue).catch(() => null))) throw e; // lost a creation race: fine
      });
  }
  const store = new DeliveryStore(pool, schema);
  const emit = (e: DeliveryEvent): void => {
    logger.info('delivery state', { ...e });
    try {
      options.onStateChange?.(e);
    } catch {
      logger.warn('delivery: onStateChange threw', { id: e.id });
    }
  };
  const jobTable = `${q(schema)}.job`;
  const ctx: WorkerContext = {
    store,
    attempt: {
      client: options.cerner,
      mllp: options.mllp,
      tenantId,
      claimed: (id, ids) => store.claimedNoteIds(id, ids),
      hl7TimeoutMs: o.hl7TimeoutMs,
      maxApplicationErrors: o.maxApplicationErrors,
    },
    retry: o.retry,
    attemptTimeoutMs: o.attemptTimeoutMs,
    random: options.random ?? Math.random,
    now,
    logger,
    emit,
    onDelivered: options.onDelivered,
    setRetryDelay: async (jobId, seconds) => {
      // pg-boss computes the retry's start_after from these columns when the handler throws.
      await pool.query(
        `UPDATE ${jobTable} SET retry_delay = $2, retry_backoff = false WHERE id = $1`,
        [jobId, seconds],
      );
    },
    inflight: new Map(),
  };

  const jobOptions = { expireInSeconds: expire, retryLimit: 1_000_000, retryDelay: 1 };
  async function send(
    db: Queryable,
    jobId: string,
    key: string,
    deliveryId = jobId,
  ): Promise<void> {
    await boss.send(
      queue,
      { deliveryId },
      { id: jobId, singletonKey: key, ...jobOptions, db: bossDb(db) },
    );
  }

  async function inTransaction<T>(
    tx: Queryable | undefined,
    fn: (db: Queryable) => Promise<T>,
  ): Promise<T> {
    if (tx) return fn(tx);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  interface Prepared {
    id: string;
    kind: DeliveryKind;
    key: string;
    payload: FrozenPayload;
    controlId?: string;
  }

  function prepare(kind: DeliveryKind, input: unknown, opts: EnqueueOptions): Prepared {
    const id = opts.id ?? randomUUID();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new DeliveryError('invalid_input', 'id: expected a UUID', 'id');
    }
    let payload: FrozenPayload;
    let raw: string;
    if (kind === 'createPatient') {
      payload = freezePatient(input as CreatePatientInput, id, now());
      raw = opts.orderingKey ?? `delivery:${id}`;
    } else if (kind === 'createClinicalNote') {
      payload = freezeNote(input as CreateClinicalNoteInput, now());
      raw = opts.orderingKey ?? (input as CreateClinicalNoteInput).patientId;
    } else if (kind === 'hl7') {
      payload = freezeHl7(input as Hl7NoteInput, now());
      const i = input as Hl7NoteInput;
      raw = opts.orderingKey ?? i.mrn ?? i.patientId ?? `delivery:${id}`;
      if (!options.mllp) {
        logger.warn('delivery: hl7 enqueued but this instance has no mllp client', { id });
      }
    } else {
      throw new DeliveryError(
        'invalid_input',
        `kind: expected createPatient, createClinicalNote or hl7`,
        'kind',
      );
    }
    const controlId = payload.kind === 'hl7' ? payload.controlId : undefined;
    return { id, kind, key: patientKey(raw), payload, ...(controlId ? { controlId } : {}) };
  }

  async function write(items: Prepared[], tx: Queryable | undefined): Promise<void> {
    await inTransaction(tx, async (db) => {
      for (const p of items) {
        await store.insert(db, {
          id: p.id,
          kind: p.kind,
          patientKey: p.key,
          payload: p.payload,
          ...(p.controlId ? { controlId: p.controlId } : {}),
        });
      }
      if (items.length === 1) await send(db, items[0]!.id, items[0]!.key);
      else {
        await boss.insert(
          queue,
          items.map((p) => ({
            id: p.id,
            data: { deliveryId: p.id },
            singletonKey: p.key,
            ...jobOptions,
          })),
          { db: bossDb(db) },
        );
      }
    });
    for (const p of items) {
      emit({ id: p.id, kind: p.kind, from: undefined, to: 'queued', attempts: 0 });
    }
    if (!tx) loop?.wake(); // in a caller's transaction it is visible only after their commit
  }

  async function enqueue(
    kind: DeliveryKind,
    input: unknown,
    opts: EnqueueOptions = {},
  ): Promise<{ id: string; controlId?: string }> {
    const p = prepare(kind, input, opts);
    await write([p], opts.tx);
    return { id: p.id, ...(p.controlId ? { controlId: p.controlId } : {}) };
  }

  let loop: WorkLoop | undefined;
  const delivery: Delivery = {
    schema,
    queue,
    enqueue: enqueue as Delivery['enqueue'],
    async enqueueMany(items, opts = {}) {
      const prepared = items.map((i) => prepare(i.kind, i.input, i.options ?? {}));
      if (prepared.length > 0) await write(prepared, opts.tx);
      return prepared.map((p) => ({
        id: p.id,
        ...(p.controlId ? { controlId: p.controlId } : {}),
      }));
    },
    start(startOptions = {}) {
      const concurrency = startOptions.concurrency ?? 4;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        return Promise.reject(
          new DeliveryError('invalid_input', 'concurrency: a positive integer', 'concurrency'),
        );
      }
      if (loop !== undefined) return Promise.resolve();
      loop = startWorkLoop({
        boss,
        queue,
        concurrency,
        pollMs: o.pollingIntervalSeconds * 1000,
        logger,
        handle: (jobId, data) => handleJob(ctx, jobId, data.deliveryId),
      });
      return Promise.resolve();
    },
    async stop() {
      await loop?.stop();
      loop = undefined;
      await boss.stop({ graceful: true, timeout: 5000 });
      if (ownPool) await pool.end();
    },
    status: (id) => store.status(id),
    statusByPatient: (raw) => store.byPatientKey(patientKey(raw)),
    list: (state, limit = 100) => store.byState(state, limit),
    async retryDead(id) {
      const jobId = randomUUID();
      const r = await inTransaction(undefined, async (db) => {
        const res = await store.requeue(db, id, jobId);
        if (typeof res === 'object') await send(db, jobId, res.patientKey, id);
        return res;
      });
      if (r === 'not_found') throw new DeliveryError('not_found', `no delivery ${id}`);
      if (typeof r === 'string') {
        throw new DeliveryError(
          'invalid_state',
          `delivery ${id} is ${r}, not dead or needs_review`,
        );
      }
      emit({ id, kind: r.kind, from: r.from, to: r.to, attempts: r.attempts });
      loop?.wake();
    },
    async cancel(id) {
      const r = await store.cancel(id);
      if (r === 'not_found') throw new DeliveryError('not_found', `no delivery ${id}`);
      if (typeof r === 'string') {
        throw new DeliveryError(
          'invalid_state',
          `delivery ${id} is ${r}; only a queued delivery can be cancelled`,
        );
      }
      await boss.cancel(queue, r.jobId).catch(() => undefined); // the claim skips it anyway
      emit({ id, kind: r.kind, from: 'queued', to: 'cancelled', attempts: r.attempts });
    },
  };
  return delivery;
}
