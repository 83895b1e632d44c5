import { invalidInput } from '../errors.js';

/**
 * The five (or six) delimiters of an ER7 message: MSH-1 plus the characters of MSH-2.
 * `truncation` exists from v2.7 (`#`).
 *
 * @example
 * ```ts
 * createHl7Message({ delimiters: { subcomponent: '}' } });
 * ```
 */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  truncation?: string;
}

/**
 * The recommended delimiters `|^~\&`.
 *
 * @example
 * ```ts
 * DEFAULT_DELIMITERS.component; // '^'
 * ```
 */
export const DEFAULT_DELIMITERS: Readonly<Hl7Delimiters> = Object.freeze({
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
});

/**
 * Whether a character may serve as a delimiter: one UTF-16 unit, not a letter or digit, not
 * whitespace, not a control character.
 *
 * @param ch - the candidate
 * @returns true when usable
 * @example
 * ```ts
 * isUsableDelimiter('}'); // true
 * ```
 */
export function isUsableDelimiter(ch: string | undefined): ch is string {
  if (ch === undefined || ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  if (c <= 0x20 || c === 0x7f) return false;
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
    return false;
  }
  return true;
}

/**
 * Fills missing delimiters with the defaults and checks that all are usable and distinct.
 *
 * @param partial - the delimiters to use; absent ones default to `|^~\&`
 * @returns a complete set
 * @throws Hl7Error `invalid_input` (inputField `delimiters`) when one is unusable or two collide
 * @example
 * ```ts
 * resolveDelimiters({ subcomponent: '}' }).subcomponent; // '}'
 * ```
 */
export function resolveDelimiters(partial: Partial<Hl7Delimiters> = {}): Hl7Delimiters {
  const d: Hl7Delimiters = {
    field: partial.field ?? DEFAULT_DELIMITERS.field,
    component: partial.component ?? DEFAULT_DELIMITERS.component,
    repetition: partial.repetition ?? DEFAULT_DELIMITERS.repetition,
    escape: partial.escape ?? DEFAULT_DELIMITERS.escape,
    subcomponent: partial.subcomponent ?? DEFAULT_DELIMITERS.subcomponent,
  };
  if (partial.truncation !== undefined) d.truncation = partial.truncation;
  const problem = delimiterProblem(d);
  if (problem) throw invalidInput('delimiters', problem);
  return d;
}

/** @internal Returns a description of what is wrong with a delimiter set, or undefined. */
export function delimiterProblem(d: Hl7Delimiters): string | undefined {
  const all = [d.field, d.component, d.repetition, d.escape, d.subcomponent];
  if (d.truncation !== undefined) all.push(d.truncation);
  for (const ch of all) {
    if (!isUsableDelimiter(ch)) {
      return 'each delimiter must be one printable character that is not a letter or digit';
    }
  }
  if (new Set(all).size !== all.length) return 'delimiters must be distinct';
  return undefined;
}

/**
 * The MSH-2 text for a delimiter set: component, repetition, escape, subcomponent (+ truncation).
 *
 * @param d - the delimiters
 * @returns e.g. `^~\&`
 * @example
 * ```ts
 * encodingCharacters(DEFAULT_DELIMITERS); // '^~\\&'
 * ```
 */
export function encodingCharacters(d: Hl7Delimiters): string {
  return d.component + d.repetition + d.escape + d.subcomponent + (d.truncation ?? '');
}
