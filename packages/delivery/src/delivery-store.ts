import type { FrozenPayload } from './freeze.js';
import type { AttemptOutcome } from './outcome.js';
import type { Queryable } from './queryable.js';
import { q, STATUS_COLUMNS } from './sql.js';
import type {
  DeliveryFailure,
  DeliveryKind,
  DeliveryState,
  DeliveryStatus,
  DeliveryStep,
} from './types.js';

/** @internal A row as read for status. */
interface StatusRow {
  id: string;
  kind: DeliveryKind;
  state: DeliveryState;
  attempts: number;
  path: DeliveryStep[];
  cerner_id: string | null;
  ack_code: string | null;
  control_id: string | null;
  error: DeliveryFailure | null;
  next_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

/** @internal */
export function toStatus(r: StatusRow): DeliveryStatus {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    attempts: r.attempts,
    path: r.path,
    ...(r.cerner_id !== null ? { cernerId: r.cerner_id } : {}),
    ...(r.ack_code !== null ? { ackCode: r.ack_code } : {}),
    ...(r.control_id !== null ? { controlId: r.control_id } : {}),
    ...(r.error !== null ? { error: r.error } : {}),
    ...(r.next_attempt_at !== null ? { nextAttemptAt: r.next_attempt_at } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.delivered_at !== null ? { deliveredAt: r.delivered_at } : {}),
  };
}

/** @internal A claimed delivery: the row and the state it was in before this attempt. */
export interface Claimed {
  kind: DeliveryKind;
  payload: FrozenPayload;
  previous: DeliveryState;
  attempts: number;
  aeCount: number;
  firstFailureAt: Date | null;
}

/** @internal SQL over the delivery table. */
export class DeliveryStore {
  readonly #t: string;
  readonly db: Queryable;

  constructor(db: Queryable, schema: string) {
    this.db = db;
    this.#t = `${q(schema)}.delivery`;
  }

  async insert(
    db: Queryable,
    row: {
      id: string;
      kind: DeliveryKind;
      patientKey: string;
      payload: FrozenPayload;
      controlId?: string;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO ${this.#t} (id, kind, patient_key, state, payload, control_id, job_id)
       VALUES ($1, $2, $3, 'queued', $4, $5, $1)`,
      [row.id, row.kind, row.patientKey, JSON.stringify(row.payload), row.controlId ?? null],
    );
  }

  /** Moves a live delivery to `sending` and counts the attempt; undefined when it is not live. */
  async claim(id: string): Promise<Claimed | undefined> {
    const r = await this.db.query(
      `WITH prev AS (SELECT id, state FROM ${this.#t} WHERE id = $1 FOR UPDATE)
       UPDATE ${this.#t} d SET state = 'sending', attempts = d.attempts + 1, updated_at = now(),
         next_attempt_at = NULL
       FROM prev WHERE d.id = prev.id AND prev.state IN ('queued', 'sending', 'in_doubt')
       RETURNING d.kind, d.payload, prev.state AS previous, d.attempts, d.ae_count, d.first_failure_at`,
      [id],
    );
    const row = r.rows[0] as
      | {
          kind: DeliveryKind;
          payload: FrozenPayload;
          previous: DeliveryState;
          attempts: number;
          ae_count: number;
          first_failure_at: Date | null;
        }
      | undefined;
    if (!row) return undefined;
    return {
      kind: row.kind,
      payload: row.payload,
      previous: row.previous,
      attempts: row.attempts,
      aeCount: row.ae_count,
      firstFailureAt: row.first_failure_at,
    };
  }

  /**
   * Records an attempt's outcome, fenced on the attempt number (a stale attempt writes nothing).
   *
   * @returns the new state, or undefined when the fence did not match
   */
  async finish(
    id: string,
    attempt: number,
    outcome: AttemptOutcome,
    nextAttemptAt: Date | undefined,
  ): Promise<DeliveryState | undefined> {
    let state: DeliveryState;
    let step: DeliveryStep;
    let error: DeliveryFailure | null = null;
    let cernerId: string | null = null;
    let ackCode: string | null = null;
    let ae = 0;
    switch (outcome.type) {
      case 'delivered':
        state = 'delivered';
        step = outcome.step;
        cernerId = outcome.cernerId ?? null;
        ackCode = outcome.ackCode ?? null;
        break;
      case 'dead':
        state = 'dead';
        step = 'dead';
        error = outcome.failure;
        ackCode = outcome.ackCode ?? null;
        break;
      case 'needs_review':
        state = 'needs_review';
        step = 'needs_review';
        error = outcome.failure;
        break;
      case 'retry':
        state = outcome.inDoubt ? 'in_doubt' : 'queued';
        step = outcome.inDoubt ? 'in_doubt' : 'retry';
        error = outcome.failure;
        ae = outcome.applicationError ? 1 : 0;
        break;
    }
    const r = await this.db.query(
      `UPDATE ${this.#t} SET state = $3, path = array_append(path, $4), error = $5,
         cerner_id = COALESCE($6, cerner_id), ack_code = COALESCE($7, ack_code),
         ae_count = ae_count + $8, next_attempt_at = $9, updated_at = now(),
         first_failure_at = CASE WHEN $3 IN ('queued', 'in_doubt') THEN COALESCE(first_failure_at, now()) ELSE first_failure_at END,
         delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE delivered_at END
       WHERE id = $1 AND attempts = $2 AND state = 'sending'`,
      [
        id,
        attempt,
        state,
        step,
        error === null ? null : JSON.stringify(error),
        cernerId,
        ackCode,
        ae,
        nextAttemptAt ?? null,
      ],
    );
    return (r.rowCount ?? 0) > 0 ? state : undefined;
  }

  async status(id: string): Promise<DeliveryStatus | null> {
    const r = await this.db.query(`SELECT ${STATUS_COLUMNS} FROM ${this.#t} WHERE id = $1`, [id]);
    const row = r.rows[0] as StatusRow | undefined;
    return row ? toStatus(row) : null;
  }

  async byPatientKey(key: string): Promise<DeliveryStatus[]> {
    const r = await this.db.query(
      `SELECT ${STATUS_COLUMNS} FROM ${this.#t} WHERE patient_key = $1 ORDER BY created_at, id`,
      [key],
    );
    return (r.rows as StatusRow[]).map(toStatus);
  }

  async byState(state: DeliveryState, limit: number): Promise<DeliveryStatus[]> {
    const r = await this.db.query(
      `SELECT ${STATUS_COLUMNS} FROM ${this.#t} WHERE state = $1 ORDER BY created_at, id LIMIT $2`,
      [state, limit],
    );
    return (r.rows as StatusRow[]).map(toStatus);
  }

  /** DocumentReference ids among `ids` already recorded by deliveries other than `id`. */
  async claimedNoteIds(id: string, ids: string[]): Promise<Set<string>> {
    const r = await this.db.query(
      `SELECT cerner_id FROM ${this.#t} WHERE kind = 'createClinicalNote' AND cerner_id = ANY($1) AND id <> $2`,
      [ids, id],
    );
    return new Set((r.rows as { cerner_id: string }[]).map((x) => x.cerner_id));
  }

  /** For retryDead: back to queued (or in_doubt after needs_review); returns the patient key. */
  async requeue(
    db: Queryable,
    id: string,
    jobId: string,
  ): Promise<
    | {
        patientKey: string;
        from: DeliveryState;
        to: DeliveryState;
        kind: DeliveryKind;
        attempts: number;
      }
    | 'not_found'
    | DeliveryState
  > {
    const cur = await db.query(
      `SELECT state, patient_key, kind, attempts FROM ${this.#t} WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const row = cur.rows[0] as
      | { state: DeliveryState; patient_key: string; kind: DeliveryKind; attempts: number }
      | undefined;
    if (!row) return 'not_found';
    if (row.state !== 'dead' && row.state !== 'needs_review') return row.state;
    const to: DeliveryState = row.state === 'needs_review' ? 'in_doubt' : 'queued';
    await db.query(
      `UPDATE ${this.#t} SET state = $2, job_id = $3, ae_count = 0, first_failure_at = NULL, updated_at = now() WHERE id = $1`,
      [id, to, jobId],
    );
    return {
      patientKey: row.patient_key,
      from: row.state,
      to,
      kind: row.kind,
      attempts: row.attempts,
    };
  }

  /** For cancel: queued -> cancelled; returns the pg-boss job id or the blocking state. */
  async cancel(
    id: string,
  ): Promise<
    { jobId: string; kind: DeliveryKind; attempts: number } | 'not_found' | DeliveryState
  > {
    const r = await this.db.query(
      `WITH prev AS (SELECT id, state FROM ${this.#t} WHERE id = $1 FOR UPDATE)
       UPDATE ${this.#t} d SET state = CASE WHEN prev.state = 'queued' THEN 'cancelled' ELSE d.state END,
         updated_at = now()
       FROM prev WHERE d.id = prev.id
       RETURNING prev.state AS previous, d.job_id, d.kind, d.attempts`,
      [id],
    );
    const row = r.rows[0] as
      { previous: DeliveryState; job_id: string; kind: DeliveryKind; attempts: number } | undefined;
    if (!row) return 'not_found';
    if (row.previous !== 'queued') return row.previous;
    return { jobId: row.job_id, kind: row.kind, attempts: row.attempts };
  }
}
