import type { OperationOutcome } from 'fhir/r4.js';

/** The OperationOutcome in an error body, if that is what it is. @internal */
export function asOperationOutcome(body: unknown): OperationOutcome | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { resourceType?: unknown; issue?: unknown };
  return b.resourceType === 'OperationOutcome' && Array.isArray(b.issue) ? (body as OperationOutcome) : undefined;
}

/** A short summary of issues for a message: codes and Cerner's texts (no resource content). @internal */
export function summarizeOutcome(outcome: OperationOutcome | undefined): string {
  if (!outcome) return '';
  const parts = outcome.issue.slice(0, 5).map((i) => [i.code, i.details?.text].filter(Boolean).join(': '));
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
