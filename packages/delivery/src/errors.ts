const MARKER = Symbol.for('cerner-kit.delivery.error');

/**
 * Stable codes of {@link DeliveryError}.
 *
 * @example
 * ```ts
 * if (DeliveryError.isInstance(e) && e.code === DeliveryErrorCode.not_found) return;
 * ```
 */
export const DeliveryErrorCode = {
  /** An option or argument is malformed; `field` names it. */
  invalid_input: 'invalid_input',
  /** No delivery with that id. */
  not_found: 'not_found',
  /** The delivery is in a state that does not allow the operation (e.g. cancel while sending). */
  invalid_state: 'invalid_state',
  /** The HL7 kind needs an `mllp` client and none was given. */
  no_mllp: 'no_mllp',
} as const;
/** One of {@link DeliveryErrorCode}. */
export type DeliveryErrorCode = (typeof DeliveryErrorCode)[keyof typeof DeliveryErrorCode];

/**
 * The one error class of `@cerner-kit/delivery` (input errors of the actions themselves stay
 * the actions' own: `FhirActionError` / `Hl7Error` with code `invalid_input`).
 *
 * @example
 * ```ts
 * try { await delivery.cancel(id); } catch (e) { if (DeliveryError.isInstance(e)) console.error(e.code); }
 * ```
 */
export class DeliveryError extends Error {
  /** Stable code, see {@link DeliveryErrorCode}. */
  readonly code: DeliveryErrorCode;
  /** The option or argument at fault, for `invalid_input`. */
  readonly field: string | undefined;
  /** Never retryable: these are caller errors. */
  readonly retryable = false;
  readonly [MARKER] = true;

  /**
   * @param code - stable code
   * @param message - text without patient data
   * @param field - the option at fault
   */
  constructor(code: DeliveryErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'DeliveryError';
    this.code = code;
    this.field = field;
  }

  /**
   * True for any DeliveryError, even from another copy of this package.
   *
   * @param error - anything caught
   * @returns whether it is a DeliveryError
   * @example
   * ```ts
   * DeliveryError.isInstance(new DeliveryError('not_found', 'x')); // true
   * ```
   */
  static isInstance(error: unknown): error is DeliveryError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    );
  }
}
