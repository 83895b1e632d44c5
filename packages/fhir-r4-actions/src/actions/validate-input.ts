import type { z } from 'zod';
import { FhirActionError } from '../errors.js';

type Issue = z.core.$ZodIssue;

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** The most specific issue: inside a union, the branch that got furthest. */
function pickIssue(issue: Issue): { issue: Issue; path: PropertyKey[] } {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const candidates = issue.errors.flat().map((i) => pickIssue(i));
    const best =
      candidates
        .filter((c) => c.issue.code !== 'invalid_type')
        .sort((a, b) => b.path.length - a.path.length)[0] ?? candidates[0];
    if (best) return { issue: best.issue, path: [...issue.path, ...best.path] };
  }
  return { issue, path: [...issue.path] };
}

/**
 * Validates action input before any request. The error names the field path
 * (`birthDate`, `address.line[0]`) and never echoes the value (it may be patient data).
 *
 * @param schema - the action's zod schema
 * @param input - what the caller gave
 * @param action - action key, for the message
 * @returns the parsed input
 * @throws {@link FhirActionError} `invalid_input` with `field`
 * @example
 * ```ts
 * const input = validateInput(getPatientInput, { patientId: '12724066' }, 'getPatient');
 * ```
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  action: string,
): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FhirActionError('invalid_input', `${action}: input: expected an object`, {
      field: 'input',
    });
  }
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  if (!first) {
    throw new FhirActionError('invalid_input', `${action}: input: invalid`, { field: 'input' });
  }
  const { issue, path } = pickIssue(first);
  let field = formatPath(path);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    field = formatPath([...path, issue.keys[0] ?? '']);
    message = `unknown field${issue.keys.length > 1 ? `s (${issue.keys.join(', ')})` : ''}: not sent to Cerner, so refused rather than silently dropped`;
  } else if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) {
    message = `required (${issue.expected})`;
  }
  if (field === '') field = 'input';
  // `{ patientID }` for `{ patientId }` fails as "patientId: required"; naming the unknown key
  // too shows the typo. Keys are field names, never values.
  const names = r.error.issues.flatMap((i) =>
    i !== first && i.code === 'unrecognized_keys'
      ? i.keys.map((k) => formatPath([...i.path, k]))
      : [],
  );
  if (names.length > 0) {
    message += ` (and unknown field${names.length > 1 ? 's' : ''} ${names.join(', ')}: a typo?)`;
  }
  throw new FhirActionError('invalid_input', `${action}: ${field}: ${message}`, { field });
}
