import { FhirActionError, runPrepared, type CernerClient } from '@cerner-kit/fhir-r4-actions';
import { Hl7Error, parseAck, type MllpClient } from '@cerner-kit/hl7-adapters';
import type { FrozenPayload } from './freeze.js';
import { classifyCreateError, fhirFailure, type AttemptOutcome } from './outcome.js';
import { findDeliveredNote, findDeliveredPatient, ReviewNeeded } from './reconcile.js';
import type { DeliveryStep } from './types.js';

/** @internal What one attempt needs. */
export interface AttemptContext {
  client: Pick<CernerClient, 'request' | 'run'>;
  mllp: MllpClient | undefined;
  tenantId: string;
  /** Ids of DocumentReferences already recorded as delivered by other deliveries. */
  claimed: (deliveryId: string, ids: string[]) => Promise<Set<string>>;
  hl7TimeoutMs: number;
  maxApplicationErrors: number;
}

/** @internal One attempt's facts. */
export interface AttemptJob {
  id: string;
  payload: FrozenPayload;
  /** A previous attempt may have stored it: reconcile (FHIR) or resend the same text (HL7). */
  inDoubt: boolean;
  /** Attempts before this one. */
  previousAttempts: number;
  /** AE/CE answers so far (HL7). */
  applicationErrors: number;
  /** Aborted at the attempt's deadline. */
  signal: AbortSignal;
}

async function attemptFhir(ctx: AttemptContext, job: AttemptJob): Promise<AttemptOutcome> {
  const p = job.payload;
  let step: DeliveryStep = 'sent';
  if (job.inDoubt) {
    try {
      const found =
        p.kind === 'createPatient'
          ? await findDeliveredPatient(ctx.client, p.identifierValue, job.signal)
          : p.kind === 'createClinicalNote'
            ? await findDeliveredNote(
                ctx.client,
                p.input,
                ctx.tenantId,
                (ids) => ctx.claimed(job.id, ids),
                job.signal,
              )
            : undefined;
      if (found !== undefined) {
        return { type: 'delivered', step: 'reconciled_found', cernerId: found };
      }
      step = 'reconciled_absent_resent';
    } catch (e) {
      if (e instanceof ReviewNeeded) {
        return {
          type: 'needs_review',
          failure: { code: 'missing_scope', missingScopes: e.missingScopes },
        };
      }
      // The search itself failed: still in doubt, try again later.
      const fhir = FhirActionError.isInstance(e);
      return {
        type: 'retry',
        inDoubt: true,
        failure: fhir ? fhirFailure(e) : { code: 'unexpected' },
        ...(fhir && e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
      };
    }
  }
  try {
    const { id } =
      p.kind === 'createPatient'
        ? await runPrepared(
            ctx.client,
            { key: 'createPatient', input: p.input },
            { signal: job.signal },
          )
        : p.kind === 'createClinicalNote'
          ? await runPrepared(
              ctx.client,
              { key: 'createClinicalNote', input: p.input },
              { signal: job.signal },
            )
          : { id: '' };
    return { type: 'delivered', step, cernerId: id };
  } catch (e) {
    return classifyCreateError(e);
  }
}

function ackText(ack: ReturnType<typeof parseAck>): string | undefined {
  const errs = ack.errors
    .map((e) => [e.code, e.text].filter((x) => x !== undefined && x !== '').join(' '))
    .filter((x) => x !== '');
  if (errs.length > 0) return errs.join('; ');
  return ack.text;
}

async function attemptHl7(ctx: AttemptContext, job: AttemptJob): Promise<AttemptOutcome> {
  const p = job.payload as Extract<FrozenPayload, { kind: 'hl7' }>;
  const step: DeliveryStep = job.previousAttempts > 0 ? 'hl7_resent' : 'sent';
  if (ctx.mllp === undefined) {
    return { type: 'retry', inDoubt: false, failure: { code: 'no_mllp' } };
  }
  let reply: string;
  try {
    reply = await ctx.mllp.send(p.text, { timeoutMs: ctx.hl7TimeoutMs, signal: job.signal });
  } catch (e) {
    const code = Hl7Error.isInstance(e) ? e.code : 'unexpected';
    // Timeout or dropped connection: the receiver may have it; the resend carries the same
    // MSH-10, so a de-duplicating receiver stores it once.
    return { type: 'retry', inDoubt: true, failure: { code } };
  }
  let ack: ReturnType<typeof parseAck>;
  try {
    ack = parseAck(reply);
  } catch {
    return { type: 'retry', inDoubt: true, failure: { code: 'bad_ack' } };
  }
  const text = ackText(ack);
  const failure = { code: `ack_${ack.code}`, ...(text !== undefined ? { text } : {}) };
  if (ack.ok) return { type: 'delivered', step, ackCode: ack.code };
  if (ack.code === 'AR' || ack.code === 'CR') return { type: 'dead', failure, ackCode: ack.code };
  if (job.applicationErrors + 1 >= ctx.maxApplicationErrors) {
    return { type: 'dead', failure, ackCode: ack.code };
  }
  return { type: 'retry', inDoubt: false, failure, applicationError: true };
}

/**
 * @internal Runs one attempt of a delivery and says how it ended; never throws.
 */
export async function runAttempt(ctx: AttemptContext, job: AttemptJob): Promise<AttemptOutcome> {
  try {
    return job.payload.kind === 'hl7' ? await attemptHl7(ctx, job) : await attemptFhir(ctx, job);
  } catch {
    return { type: 'retry', inDoubt: true, failure: { code: 'unexpected' } };
  }
}
