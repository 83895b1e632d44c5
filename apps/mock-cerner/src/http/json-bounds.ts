/** Deepest nesting of objects and arrays the mock accepts in a body (FHIR resources need ~20). */
export const MAX_JSON_DEPTH = 100;

/** Limits for {@link jsonBoundsProblem}. */
export interface JsonBounds {
  /** Deepest nesting of objects and arrays; the top-level value is depth 1. */
  maxDepth: number;
  /** Most values (objects, arrays, strings, numbers, …) counted; undefined: no limit. */
  maxValues?: number;
}

/**
 * Checks a parsed JSON value against nesting and size limits without recursion (so a
 * 10,000-level body is measured, not a stack overflow). Bodies past the depth are refused on
 * arrival: stored, they would make every later serialisation (reads, searches, the inspector)
 * overflow the stack.
 *
 * @param value - a value from `JSON.parse`
 * @param bounds - the limits
 * @returns `'depth'` or `'size'` for the first limit exceeded, or undefined
 * @example
 * ```ts
 * jsonBoundsProblem(JSON.parse('[[[1]]]'), { maxDepth: 2 }); // 'depth'
 * ```
 */
export function jsonBoundsProblem(
  value: unknown,
  bounds: JsonBounds,
): 'depth' | 'size' | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  let seen = 0;
  const maxValues = bounds.maxValues ?? Number.POSITIVE_INFINITY;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    seen += 1;
    if (seen > maxValues) return 'size';
    if (typeof v !== 'object' || v === null) continue;
    if (depth > bounds.maxDepth) return 'depth';
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) {
      if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
      else {
        seen += 1;
        if (seen > maxValues) return 'size';
      }
    }
  }
  return undefined;
}
