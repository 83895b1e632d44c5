import type { z } from 'zod';
import { FhirActionError } from '../errors.js';

/**
 * Validates action input before any request; the error names the field.
 * @internal
 */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, action: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'input');
  const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  throw new FhirActionError('invalid_input', `${action}: ${field}: ${message}`, { field });
}
