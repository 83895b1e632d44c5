/**
 * The states of a delivery.
 *
 * - `queued`: waiting (first try, or a retry after a transient failure: see `attempts`).
 * - `sending`: an attempt is running; if the process dies now, the next attempt reconciles first.
 * - `in_doubt`: the last attempt may have created the resource; the next one reconciles first.
 * - `delivered`: Cerner has it (`cernerId`, or the ACK for HL7).
 * - `dead`: refused for good (4xx that retrying cannot fix, AR/CR, too many AE); never retried
 *   unless `retryDead` is called.
 * - `needs_review`: in doubt, and reconciling it needs a read scope the app lacks (named in
 *   `error.missingScopes`); never resent blindly.
 * - `cancelled`: cancelled before it was sent.
 *
 * @example
 * ```ts
 * if (status.state === DeliveryState.delivered) save(status.cernerId);
 * ```
 */
export const DeliveryState = {
  queued: 'queued',
  sending: 'sending',
  in_doubt: 'in_doubt',
  delivered: 'delivered',
  dead: 'dead',
  needs_review: 'needs_review',
  cancelled: 'cancelled',
} as const;
/** One of {@link DeliveryState}. */
export type DeliveryState = (typeof DeliveryState)[keyof typeof DeliveryState];

/**
 * What a delivery sends.
 *
 * @example
 * ```ts
 * const kind: DeliveryKind = 'createClinicalNote';
 * ```
 */
export type DeliveryKind = 'createPatient' | 'createClinicalNote' | 'hl7';

/**
 * How an attempt ended, recorded in the delivery's `path` (one entry per attempt).
 *
 * - `sent`: created (or ACKed) on this attempt without any doubt before it.
 * - `reconciled_found`: a previous attempt was in doubt; the search found it stored: not resent.
 * - `reconciled_absent_resent`: in doubt, the search proved nothing stored; sent again.
 * - `hl7_resent`: an HL7 message resent with the same text and MSH-10 (receivers de-duplicate).
 * - `retry`: a transient failure before anything could have been stored.
 * - `in_doubt`: the attempt may have stored it.
 * - `dead`, `needs_review`: the terminal outcomes.
 *
 * @example
 * ```ts
 * status.path.includes('reconciled_found');
 * ```
 */
export type DeliveryStep =
  | 'sent'
  | 'reconciled_found'
  | 'reconciled_absent_resent'
  | 'hl7_resent'
  | 'retry'
  | 'in_doubt'
  | 'dead'
  | 'needs_review';

/**
 * Why a delivery failed (the last failure), without patient data.
 *
 * @example
 * ```ts
 * status.error?.code; // 'unprocessable'
 * ```
 */
export interface DeliveryFailure {
  /** `FhirActionError` / `Hl7Error` code, or `ack_AR`, `ack_AE`, `attempt_timeout`, `crashed`. */
  code: string;
  /** HTTP status when Cerner answered. */
  status?: number;
  /** Cerner's OperationOutcome issue texts, or the ACK's MSA-3 / ERR texts. */
  text?: string;
  /** For `needs_review`: the read scopes reconciliation needs and the app lacks. */
  missingScopes?: string[];
}

/**
 * A delivery's status, by {@link Delivery.status} or {@link Delivery.statusByPatient}.
 *
 * @example
 * ```ts
 * const s: DeliveryStatus | null = await delivery.status(id);
 * ```
 */
export interface DeliveryStatus {
  id: string;
  kind: DeliveryKind;
  state: DeliveryState;
  /** Attempts started so far. */
  attempts: number;
  /** The Cerner id of the created Patient or DocumentReference, once delivered. */
  cernerId?: string;
  /** HL7: the ACK code (`AA`, `CA`) once delivered, or the refusing one (`AR`…) when dead. */
  ackCode?: string;
  /** HL7: the MSH-10 frozen at enqueue. */
  controlId?: string;
  /** One step per finished attempt, see {@link DeliveryStep}. */
  path: DeliveryStep[];
  error?: DeliveryFailure;
  /** When the next attempt may start (queued after a failure). */
  nextAttemptAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt?: Date;
}

/**
 * A state-change event for logs and metrics: ids, codes and counts only, never patient data.
 *
 * @example
 * ```ts
 * createDelivery({ ..., onStateChange: (e: DeliveryEvent) => log.info('delivery', e) });
 * ```
 */
export interface DeliveryEvent {
  id: string;
  kind: DeliveryKind;
  from: DeliveryState | undefined;
  to: DeliveryState;
  attempts: number;
  step?: DeliveryStep;
  /** Error code (never its text: OperationOutcome texts can echo input). */
  code?: string;
  status?: number;
  cernerId?: string;
  ackCode?: string;
}
