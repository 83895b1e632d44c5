/** A Cerner business-rule violation on a written resource: the FHIRPath-ish location and why. */
export interface RuleViolation {
  path: string;
  text: string;
}

/** Collects violations while checking a body. */
export class Violations {
  readonly list: RuleViolation[] = [];
  add(path: string, text: string): void {
    this.list.push({ path, text });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
}

const HAS_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Cerner: every dateTime in a write must have a time and a timezone. */
export const isDateTimeWithZone = (v: unknown): boolean => typeof v === 'string' && HAS_TIME.test(v);
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
