import { invalidInput } from '../errors.js';

/**
 * A parsed ER7 path such as `PID-3[2].1.2`: all numbers 1-based, HL7 numbering.
 *
 * @example
 * ```ts
 * const p: Hl7Path = parseHl7Path('OBX(2)-5.1');
 * ```
 */
export interface Hl7Path {
  /** Segment name, e.g. `PID`; empty for a segment-relative path. */
  segment: string;
  /** Which occurrence of the segment (`OBX[2]-5` or `OBX(2)-5`); undefined means the first. */
  occurrence?: number;
  field: number;
  /** Repetition (`PID-3[2]`); undefined means the first (for get) or every one (for getAll). */
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

const FULL =
  /^([A-Z0-9]{3})(?:\[(\d+)\]|\((\d+)\))?[-.](\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$/;
const RELATIVE = /^(\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$/;
const cache = new Map<string, Hl7Path>();
const fieldCache = new Map<string | number, Hl7Path>();

function num(text: string | undefined, path: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw invalidInput('path', `"${path}" has a position below 1`);
  }
  return n;
}

function build(segment: string, parts: (string | undefined)[], path: string): Hl7Path {
  const [occ, field, rep, comp, sub] = parts.map((p) => num(p, path));
  const out: Hl7Path = { segment, field: field ?? 1 };
  if (occ !== undefined) out.occurrence = occ;
  if (rep !== undefined) out.repetition = rep;
  if (comp !== undefined) out.component = comp;
  if (sub !== undefined) out.subcomponent = sub;
  return Object.freeze(out);
}

/**
 * Parses an ER7 path: `SEG[(n)]-field[[rep]][.component[.subcomponent]]`, e.g. `PID-5`,
 * `PID-3[2].4.1`, `OBX(3)-5`, `MSH-9.2`. `SEG.field` (dot instead of dash) is accepted too.
 *
 * @param path - the path text
 * @returns the parsed path (cached and frozen)
 * @throws Hl7Error `invalid_input` (inputField `path`) when it does not match the grammar
 * @example
 * ```ts
 * parseHl7Path('PID-3[2].1'); // { segment: 'PID', field: 3, repetition: 2, component: 1 }
 * ```
 */
export function parseHl7Path(path: string): Hl7Path {
  const hit = cache.get(path);
  if (hit) return hit;
  const m = FULL.exec(path);
  if (!m) throw invalidInput('path', `"${path}" is not an HL7 path like PID-3[2].1`);
  const parsed = build(m[1] ?? '', [m[2] ?? m[3], m[4], m[5], m[6], m[7]], path);
  if (cache.size > 2000) cache.clear();
  cache.set(path, parsed);
  return parsed;
}

/**
 * Parses a path relative to one segment: `field[[rep]][.component[.subcomponent]]` (`'3[2].1'`),
 * or a bare field number.
 *
 * @param path - the relative path or field number
 * @returns the parsed path with an empty `segment`
 * @throws Hl7Error `invalid_input` (inputField `path`) when it does not match the grammar
 * @example
 * ```ts
 * parseFieldPath('5.1'); // { segment: '', field: 5, component: 1 }
 * ```
 */
export function parseFieldPath(path: string | number): Hl7Path {
  const key = typeof path === 'number' ? path : `~${path}`;
  const hit = fieldCache.get(key);
  if (hit) return hit;
  let parsed: Hl7Path;
  if (typeof path === 'number') parsed = build('', [undefined, String(path)], String(path));
  else {
    const m = RELATIVE.exec(path);
    if (!m) throw invalidInput('path', `"${path}" is not a field path like 3[2].1`);
    parsed = build('', [undefined, m[1], m[2], m[3], m[4]], path);
  }
  if (fieldCache.size > 2000) fieldCache.clear();
  fieldCache.set(key, parsed);
  return parsed;
}
