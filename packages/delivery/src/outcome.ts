import { FhirActionError } from '@cerner-kit/fhir-r4-actions';
import type { DeliveryFailure, DeliveryStep } from './types.js';

/** @internal How one attempt ended. */
export type AttemptOutcome =
  | { type: 'delivered'; step: DeliveryStep; cernerId?: string; ackCode?: string }
  | {
      type: 'retry';
      /** True when the attempt may have stored it: the next attempt reconciles first. */
      inDoubt: boolean;
      failure: DeliveryFailure;
      retryAfterMs?: number;
      /** HL7: this attempt was answered AE/CE. */
      applicationError?: boolean;
    }
  | { type: 'dead'; failure: DeliveryFailure; ackCode?: string }
  | { type: 'needs_review'; failure: DeliveryFailure };

/** @internal OperationOutcome issue texts of a FhirActionError (Cerner's words, no input echo). */
export function outcomeText(e: FhirActionError): string | undefined {
  const texts = e.issues.map((i) => i.text ?? i.diagnostics ?? i.code).filter(Boolean);
  return texts.length > 0 ? texts.join('; ') : undefined;
}

/** @internal A failure record from a FHIR error, without patient data. */
export function fhirFailure(e: FhirActionError): DeliveryFailure {
  const text = outcomeText(e);
  return {
    code: e.code,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(e.missingScopes ? { missingScopes: e.missingScopes } : {}),
  };
}

/** Codes that retrying the same request cannot fix. */
const PERMANENT = new Set<string>([
  'invalid_input',
  'missing_scope',
  'forbidden',
  'not_found',
  'conflict',
  'unprocessable',
  'bad_request',
  'unauthorized',
]);

/**
 * @internal Classifies an error thrown by a FHIR create: permanent 4xx -> dead; not sent ->
 * retry; may have been stored -> retry in doubt. Anything unknown is treated as in doubt.
 */
export function classifyCreateError(e: unknown): AttemptOutcome {
  if (!FhirActionError.isInstance(e)) {
    return { type: 'retry', inDoubt: true, failure: { code: 'unexpected' } };
  }
  const failure = fhirFailure(e);
  if (e.mayHaveSucceeded === true) return { type: 'retry', inDoubt: true, failure };
  if (PERMANENT.has(e.code) && e.status !== 408) return { type: 'dead', failure };
  return {
    type: 'retry',
    inDoubt: false,
    failure,
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}
