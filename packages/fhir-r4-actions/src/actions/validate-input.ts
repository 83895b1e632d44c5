import { nearestName } from '@cerner-kit/core';
import { z } from 'zod';
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

/** The schema inside optional/nullable/default/pipe wrappers. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 8; i += 1) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodDefault) s = s.unwrap();
    else if (s instanceof z.ZodPipe) s = s.in;
    else return s;
  }
  return s;
}

/** One step down a path: an object's property, an array's element, a union's matching option. */
function step(schema: unknown, key: PropertyKey): unknown {
  const s = unwrap(schema);
  if (s instanceof z.ZodUnion) {
    for (const option of s.options) {
      const next = step(option, key);
      if (next !== undefined) return next;
    }
    return undefined;
  }
  if (typeof key === 'number') return s instanceof z.ZodArray ? s.element : undefined;
  return s instanceof z.ZodObject && typeof key === 'string' ? s.shape[key] : undefined;
}

/** The field names an object schema at `path` accepts (none when it is not an object). */
function fieldNamesAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  for (const key of path) s = step(s, key);
  const o = unwrap(s);
  return o instanceof z.ZodObject ? Object.keys(o.shape) : [];
}

/**
 * What to say about unknown keys: how many, and the valid field each one is close to. The keys
 * themselves are never repeated: a key can hold data (`{ "Jane Doe": … }`).
 */
function unknownFields(
  schema: unknown,
  issues: readonly Extract<Issue, { code: 'unrecognized_keys' }>[],
): { count: number; hints: string[] } {
  let count = 0;
  const hints = new Set<string>();
  for (const issue of issues) {
    const valid = fieldNamesAt(schema, issue.path);
    for (const key of issue.keys) {
      count += 1;
      const near = nearestName(key, valid);
      if (near !== undefined) hints.add(formatPath([...issue.path, near]));
    }
  }
  return { count, hints: [...hints] };
}

const describeUnknown = ({ count, hints }: { count: number; hints: string[] }): string =>
  `${count} unknown field${count > 1 ? 's' : ''}${hints.length > 0 ? `: did you mean ${hints.join(', ')}?` : ''}`;

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
 * (`birthDate`, `address.line[0]`) and never echoes the value (it may be patient data), nor an
 * unknown key (a key can hold data too): it says how many keys are unknown and which valid
 * field each is close to (`did you mean patientId?`), and names the object holding them.
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
  const unknown = r.error.issues.filter((i) => i.code === 'unrecognized_keys');
  if (issue.code === 'unrecognized_keys') {
    // The field is the object that holds the unknown keys; the keys are not echoed.
    message = `${describeUnknown(unknownFields(schema, unknown))} (not sent to Cerner, so refused rather than silently dropped)`;
  } else if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) {
    message = `required (${issue.expected})`;
  }
  if (field === '') field = 'input';
  // `{ patientID }` for `{ patientId }` fails as "patientId: required"; pointing at the valid
  // name the unknown key is close to shows the typo without repeating the key.
  if (issue.code !== 'unrecognized_keys' && unknown.length > 0) {
    message += ` (and ${describeUnknown(unknownFields(schema, unknown))})`;
  }
  throw new FhirActionError('invalid_input', `${action}: ${field}: ${message}`, { field });
}
