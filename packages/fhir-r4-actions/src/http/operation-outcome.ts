import type { OperationOutcome } from 'fhir/r4.js';

/**
 * The OperationOutcome in an error body, if that is what the body is.
 *
 * @param text - the raw response body
 * @returns the OperationOutcome, or undefined for an empty, non-JSON or non-OperationOutcome body
 * @example
 * ```ts
 * parseOperationOutcome('{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}');
 * ```
 */
export function parseOperationOutcome(text: string): OperationOutcome | undefined {
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { resourceType?: unknown; issue?: unknown };
  if (b.resourceType !== 'OperationOutcome' || !Array.isArray(b.issue)) return undefined;
  const issue = (b.issue as unknown[]).filter(
    (i): i is OperationOutcome['issue'][number] => typeof i === 'object' && i !== null,
  );
  return { ...(body as OperationOutcome), issue };
}

/**
 * A short summary of an outcome for an error message: the issue codes, at most three. Cerner's
 * texts and diagnostics are left out (a server may repeat what was sent, and Cerner puts Bearer
 * challenges in diagnostics); they stay on the error's `issues`.
 *
 * @param outcome - the outcome, or undefined
 * @returns ` (not-found)` or an empty string
 * @example
 * ```ts
 * summarizeOutcome(outcome); // ' (invalid)'
 * ```
 */
export function summarizeOutcome(outcome: OperationOutcome | undefined): string {
  if (!outcome || outcome.issue.length === 0) return '';
  const parts = outcome.issue.slice(0, 3).map((i) => String(i.code));
  const more = outcome.issue.length > 3 ? `; +${outcome.issue.length - 3} more` : '';
  return ` (${parts.join('; ')}${more})`;
}
