import type { Logger } from '@cerner-kit/fhir-r4-actions';
import { runAttempt, type AttemptContext } from './attempt.js';
import { nextDelayMs, type RetryPolicy } from './backoff.js';
import type { DeliveryStore } from './delivery-store.js';
import type { AttemptOutcome } from './outcome.js';
import type { DeliveryEvent, DeliveryKind } from './types.js';

/** @internal Thrown to pg-boss so it puts the job back in `retry` (after our delay). */
export class RetryLater extends Error {
  readonly code: string;
  constructor(code: string) {
    super(`delivery attempt failed (${code}); retrying later`);
    this.code = code;
  }
}

/**
 * What `onDelivered` receives.
 *
 * @example
 * ```ts
 * const onDelivered = (d: Delivered) => db.query('update notes set cerner_id = $1 where delivery_id = $2', [d.cernerId, d.id]);
 * ```
 */
export interface Delivered {
  id: string;
  kind: DeliveryKind;
  cernerId?: string;
  ackCode?: string;
  controlId?: string;
}

/** @internal What the job handler needs. */
export interface WorkerContext {
  store: DeliveryStore;
  attempt: AttemptContext;
  retry: Required<RetryPolicy>;
  attemptTimeoutMs: number;
  random: () => number;
  now: () => number;
  logger: Logger;
  emit: (e: DeliveryEvent) => void;
  onDelivered: ((d: Delivered) => void | Promise<void>) | undefined;
  /** Sets the pg-boss retry delay (seconds) of a job before it is failed. */
  setRetryDelay: (jobId: string, seconds: number) => Promise<void>;
  /** Attempts still running in this process, by delivery id. */
  inflight: Map<string, Promise<unknown>>;
}

function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * @internal Handles one pg-boss job: claims the delivery, runs one attempt (reconciling first
 * when a previous attempt may have stored it), records the outcome, and throws
 * {@link RetryLater} when pg-boss should run it again.
 */
export async function handleJob(
  ctx: WorkerContext,
  jobId: string,
  deliveryId: string,
): Promise<void> {
  const claimed = await ctx.store.claim(deliveryId);
  if (!claimed) return; // delivered, dead, cancelled or reviewed meanwhile: nothing to do
  const attemptNo = claimed.attempts;
  const inDoubt = claimed.previous === 'sending' || claimed.previous === 'in_doubt';
  ctx.emit({
    id: deliveryId,
    kind: claimed.kind,
    from: claimed.previous,
    to: 'sending',
    attempts: attemptNo,
  });
  // A previous attempt of this delivery still running here (it outlived its deadline): let it end
  // before reconciling, so its request cannot land after the search.
  const earlier = ctx.inflight.get(deliveryId);
  if (earlier) await earlier.catch(() => undefined);
  const controller = new AbortController();
  const running = runAttempt(ctx.attempt, {
    signal: controller.signal,
    id: deliveryId,
    payload: claimed.payload,
    inDoubt,
    previousAttempts: attemptNo - 1,
    applicationErrors: claimed.aeCount,
  });
  ctx.inflight.set(deliveryId, running);
  void running.finally(() => {
    if (ctx.inflight.get(deliveryId) === running) ctx.inflight.delete(deliveryId);
  });
  // At the deadline the attempt is aborted (the request in flight too); it counts as in doubt.
  const outcome = await withDeadline<AttemptOutcome>(running, ctx.attemptTimeoutMs, () => {
    controller.abort(new Error('delivery attempt deadline'));
    return { type: 'retry', inDoubt: true, failure: { code: 'attempt_timeout' } };
  });

  let next: Date | undefined;
  let delayMs = 0;
  let overBudget = false;
  if (outcome.type === 'retry') {
    const since = claimed.firstFailureAt?.getTime() ?? ctx.now();
    overBudget = ctx.now() - since > ctx.retry.budgetMs;
    delayMs = overBudget
      ? Math.max(ctx.retry.maxDelayMs, outcome.retryAfterMs ?? 0)
      : nextDelayMs(attemptNo, ctx.retry, outcome.retryAfterMs, ctx.random);
    // A create in doubt may still be landing: never reconcile before it settles (FHIR only; an
    // HL7 resend carries the same MSH-10 and needs no search).
    if (outcome.inDoubt && claimed.payload.kind !== 'hl7') {
      delayMs = Math.max(delayMs, ctx.retry.reconcileDelayMs);
    }
    next = new Date(ctx.now() + delayMs);
  }
  const state = await ctx.store.finish(deliveryId, attemptNo, outcome, next);
  if (state === undefined) return; // a newer attempt owns it
  const failure = outcome.type === 'delivered' ? undefined : outcome.failure;
  ctx.emit({
    id: deliveryId,
    kind: claimed.kind,
    from: 'sending',
    to: state,
    attempts: attemptNo,
    ...(outcome.type === 'delivered' ? { step: outcome.step } : {}),
    ...(failure ? { code: overBudget ? 'retry_budget_exceeded' : failure.code } : {}),
    ...(failure?.status !== undefined ? { status: failure.status } : {}),
    ...(outcome.type === 'delivered' && outcome.cernerId ? { cernerId: outcome.cernerId } : {}),
    ...('ackCode' in outcome && outcome.ackCode ? { ackCode: outcome.ackCode } : {}),
  });
  if (outcome.type === 'delivered' && ctx.onDelivered) {
    try {
      await ctx.onDelivered({
        id: deliveryId,
        kind: claimed.kind,
        ...(outcome.cernerId ? { cernerId: outcome.cernerId } : {}),
        ...(outcome.ackCode ? { ackCode: outcome.ackCode } : {}),
        ...(claimed.payload.kind === 'hl7' ? { controlId: claimed.payload.controlId } : {}),
      });
    } catch {
      ctx.logger.warn('delivery: onDelivered threw; the delivery stays delivered', {
        id: deliveryId,
      });
    }
  }
  if (outcome.type === 'retry') {
    await ctx.setRetryDelay(jobId, Math.round(delayMs / 1000));
    throw new RetryLater(outcome.failure.code);
  }
}
