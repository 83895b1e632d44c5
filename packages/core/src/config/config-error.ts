import { errorMarker, hasErrorMarker } from '../error-marker.js';

const MARKER = errorMarker('core');

/**
 * A `CERNER_*` configuration the user must fix. `variable` names the variable at fault (the
 * `field` of the error convention); the message never contains a secret's or a key's value.
 *
 * @example
 * ```ts
 * try { cernerConfigFromEnv(process.env); }
 * catch (e) { if (CernerConfigError.isInstance(e)) console.error(e.variable, e.message); }
 * ```
 */
export class CernerConfigError extends Error {
  /** Always `invalid_config`. */
  readonly code = 'invalid_config' as const;
  /** The variable at fault, e.g. `CERNER_CLIENT_ID` (the first one when several are). */
  readonly variable: string;
  /** Alias of {@link CernerConfigError.variable}, per the error convention's `field`. */
  readonly field: string;
  /** Never: the environment has to change first. */
  readonly retryable = false as const;
  /** @internal */
  readonly [MARKER] = true as const;

  /**
   * @param variable - the variable at fault
   * @param message - what is wrong and how to fix it, without secret values
   */
  constructor(variable: string, message: string) {
    super(message);
    this.name = 'CernerConfigError';
    this.variable = variable;
    this.field = variable;
  }

  /**
   * True for any CernerConfigError, even one from another copy of this package.
   *
   * @param error - anything caught
   * @returns whether it is a CernerConfigError
   * @example
   * ```ts
   * if (CernerConfigError.isInstance(e)) process.exitCode = 2;
   * ```
   */
  static isInstance(error: unknown): error is CernerConfigError {
    return hasErrorMarker(error, MARKER);
  }
}
