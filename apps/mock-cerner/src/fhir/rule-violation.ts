/**
 * A rule a written resource broke: where (a FHIRPath-like location, e.g. `name[0].text`) and why.
 * `code` is the OperationOutcome issue code: `business-rule` for Cerner's documented rules,
 * `structure` for FHIR R4 structural errors found by the validator.
 */
export interface RuleViolation {
  path: string;
  text: string;
  code?: 'business-rule' | 'structure';
}

/**
 * Collects violations while checking a body.
 *
 * @example
 * ```ts
 * const v = new Violations();
 * v.add('status', 'must be current');
 * v.list; // [{ path: 'status', text: 'must be current' }]
 * ```
 */
export class Violations {
  readonly list: RuleViolation[] = [];

  /**
   * Records one violation.
   *
   * @param path - the field, e.g. `content[0].attachment.contentType`
   * @param text - the rule, in words
   */
  add(path: string, text: string): void {
    this.list.push({ path, text });
  }

  /** True when nothing was recorded. */
  get empty(): boolean {
    return this.list.length === 0;
  }
}

const HAS_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Cerner: every dateTime in a write must have a time and a timezone.
 *
 * @param v - any value
 * @returns true for strings like `2026-01-01T10:00:00Z`
 * @example
 * ```ts
 * isDateTimeWithZone('2026-01-01'); // false
 * ```
 */
export const isDateTimeWithZone = (v: unknown): boolean =>
  typeof v === 'string' && HAS_TIME.test(v);

/**
 * A plain JSON object (not null, not an array).
 *
 * @param v - any value
 * @returns whether `v` is a non-null, non-array object
 * @example
 * ```ts
 * isObject([]); // false
 * ```
 */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
