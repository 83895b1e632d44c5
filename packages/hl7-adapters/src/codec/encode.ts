import { DEFAULT_DELIMITERS, type Hl7Delimiters } from './delimiters.js';
import { escapeHl7, HL7_NULL } from './escape.js';

/**
 * One component for {@link encodeComponents}: text, HL7 null, or nothing.
 *
 * @example
 * ```ts
 * encodeComponents(['a', null, undefined]); // 'a^""'
 * ```
 */
export type Hl7ComponentValue = string | null | undefined;

function encodeOne(value: Hl7ComponentValue, d: Hl7Delimiters): string {
  return value === null ? HL7_NULL : value === undefined ? '' : escapeHl7(value, d);
}

/**
 * Escapes each component and joins them with the component separator; trailing empty
 * components are dropped. An element that is itself an array is taken as subcomponents.
 *
 * @param components - plain values (null writes `""`)
 * @param d - delimiters (default `|^~\&`)
 * @returns escaped ER7 text for one repetition
 * @example
 * ```ts
 * encodeComponents(['1234567', '', '', 'BAYSTATE_MRN', 'MRN']); // '1234567^^^BAYSTATE_MRN^MRN'
 * ```
 */
export function encodeComponents(
  components: readonly (Hl7ComponentValue | readonly Hl7ComponentValue[])[],
  d: Hl7Delimiters = DEFAULT_DELIMITERS,
): string {
  const parts = components.map((c) =>
    Array.isArray(c)
      ? trimTrailing((c as readonly Hl7ComponentValue[]).map((s) => encodeOne(s, d))).join(
          d.subcomponent,
        )
      : encodeOne(c as Hl7ComponentValue, d),
  );
  return trimTrailing(parts).join(d.component);
}

/**
 * Joins already-encoded repetitions with the repetition separator.
 *
 * @param repetitions - escaped ER7 texts, one per repetition
 * @param d - delimiters (default `|^~\&`)
 * @returns the field text
 * @example
 * ```ts
 * encodeRepetitions([encodeComponents(['1', '', '', 'A']), encodeComponents(['2'])]); // '1^^^A~2'
 * ```
 */
export function encodeRepetitions(
  repetitions: readonly string[],
  d: Hl7Delimiters = DEFAULT_DELIMITERS,
): string {
  return repetitions.join(d.repetition);
}

function trimTrailing(parts: string[]): string[] {
  let n = parts.length;
  while (n > 0 && parts[n - 1] === '') n--;
  return n === parts.length ? parts : parts.slice(0, n);
}

/**
 * Joins segment texts into a message: each segment followed by the terminator (CR by default).
 *
 * @param segments - ER7 segment lines
 * @param segmentTerminator - `\r` unless you need LF or CRLF for a file
 * @returns the message text
 * @example
 * ```ts
 * encodeMessage(['MSH|^~\\&|A', 'PID|1']); // 'MSH|^~\\&|A\rPID|1\r'
 * ```
 */
export function encodeMessage(segments: readonly string[], segmentTerminator = '\r'): string {
  // Concatenation, not join: V8 builds a rope instead of copying a 1 MB segment here.
  let out = '';
  for (const segment of segments) out += segment + segmentTerminator;
  return out;
}
