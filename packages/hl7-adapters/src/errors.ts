import { errorMarker, hasErrorMarker } from '@cerner-kit/core';

const MARKER = errorMarker('hl7-adapters');

/**
 * Stable error codes of {@link Hl7Error}; switch on these, not on messages.
 *
 * @example
 * ```ts
 * if (e.code === Hl7ErrorCode.invalid_input) console.log(e.inputField);
 * ```
 */
export const Hl7ErrorCode = {
  /** The text is not a parseable ER7 message (see {@link Hl7ParseError}). */
  parse_error: 'parse_error',
  /** A caller-supplied value is missing or malformed; `inputField` names it. */
  invalid_input: 'invalid_input',
  /** The message is well formed but not of a type or shape this function handles. */
  unsupported_message: 'unsupported_message',
  /** No reply within the allowed time (MLLP transport). */
  timeout: 'timeout',
  /** The connection failed or closed (MLLP transport). */
  connection: 'connection',
  /** A frame exceeded the configured maximum size (MLLP transport). */
  frame_too_large: 'frame_too_large',
  /** The peer answered with a negative acknowledgement (AE/AR/CE/CR). */
  nack: 'nack',
} as const;
export type Hl7ErrorCode = (typeof Hl7ErrorCode)[keyof typeof Hl7ErrorCode];

/**
 * Extra facts carried by an {@link Hl7Error}.
 *
 * @example
 * ```ts
 * new Hl7Error('timeout', 'no reply within 5000 ms', { retryable: true });
 * ```
 */
export interface Hl7ErrorOptions {
  /** 1-based index of the segment at fault within the message. */
  segment?: number;
  /** HL7 field number at fault (MSH-1 is the field separator). */
  field?: number;
  /** Defaults to true for `timeout` and `connection`, false otherwise. */
  retryable?: boolean;
  /** For `invalid_input`: the option or input property at fault (e.g. `mrn`). */
  inputField?: string;
  cause?: unknown;
}

/**
 * The one error class of `@cerner-kit/hl7-adapters`. Messages never contain patient data or HL7
 * bodies, only positions, field names and codes.
 *
 * @example
 * ```ts
 * try { buildA19Query({ mrn: '' }); }
 * catch (e) { if (Hl7Error.isInstance(e) && e.code === 'invalid_input') console.log(e.inputField); } // 'mrn'
 * ```
 */
export class Hl7Error extends Error {
  readonly code: Hl7ErrorCode;
  /** 1-based segment index within the message, when the error has a position. */
  readonly segment: number | undefined;
  /** HL7 field number, when the error has a position. */
  readonly field: number | undefined;
  /** True when the same call may succeed later (timeouts, connection failures). */
  readonly retryable: boolean;
  /** For `invalid_input`: the option or input property at fault. */
  readonly inputField: string | undefined;
  readonly [MARKER] = true;

  /**
   * @param code - stable error code
   * @param message - human-readable text without patient data
   * @param options - position, retryability, cause
   */
  constructor(code: Hl7ErrorCode, message: string, options: Hl7ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Hl7Error';
    this.code = code;
    this.segment = options.segment;
    this.field = options.field;
    this.inputField = options.inputField;
    this.retryable = options.retryable ?? (code === 'timeout' || code === 'connection');
  }

  /**
   * True for any Hl7Error (or subclass), even one thrown by another copy of this package.
   *
   * @param error - anything caught
   * @returns whether `error` is an Hl7Error
   * @example
   * ```ts
   * if (Hl7Error.isInstance(e)) console.log(e.code);
   * ```
   */
  static isInstance(error: unknown): error is Hl7Error {
    return hasErrorMarker(error, MARKER);
  }

  /**
   * A JSON form without the cause chain (which could hold message text).
   *
   * @returns the stable properties of the error
   * @example
   * ```ts
   * logger.warn('hl7 failed', { error: err.toJSON() });
   * ```
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      segment: this.segment,
      field: this.field,
      retryable: this.retryable,
      inputField: this.inputField,
    };
  }
}

/**
 * A limit of {@link parseHl7} that a text can exceed (see `ParseHl7Options`).
 *
 * @example
 * ```ts
 * if (Hl7ParseError.isInstance(e) && e.limit === Hl7ParseLimit.maxRepetitions) refuse();
 * ```
 */
export const Hl7ParseLimit = { maxLength: 'maxLength', maxRepetitions: 'maxRepetitions' } as const;
export type Hl7ParseLimit = (typeof Hl7ParseLimit)[keyof typeof Hl7ParseLimit];

/**
 * Thrown by {@link parseHl7} (and nothing else is): the text is not a parseable ER7 message.
 * `segment` (1-based) and `field` say where, when known.
 *
 * @example
 * ```ts
 * try { parseHl7('PID|1'); }
 * catch (e) { if (Hl7ParseError.isInstance(e)) console.log(e.segment, e.message); }
 * ```
 */
export class Hl7ParseError extends Hl7Error {
  /**
   * The configured limit the text went past (`maxLength`, `maxRepetitions`), when that is why
   * it was refused; undefined for malformed text.
   */
  readonly limit: Hl7ParseLimit | undefined;

  /**
   * @param message - what is wrong, without message content
   * @param options - position of the fault, and the limit exceeded
   */
  constructor(
    message: string,
    options: Omit<Hl7ErrorOptions, 'retryable' | 'inputField'> & { limit?: Hl7ParseLimit } = {},
  ) {
    const { limit, ...rest } = options;
    super('parse_error', message, { ...rest, retryable: false });
    this.name = 'Hl7ParseError';
    this.limit = limit;
  }

  /**
   * The JSON form of {@link Hl7Error.toJSON}, plus `limit`.
   *
   * @returns the stable properties of the error
   * @example
   * ```ts
   * JSON.stringify(parseError); // {"name":"Hl7ParseError","code":"parse_error",…,"limit":"maxRepetitions"}
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limit: this.limit };
  }

  /**
   * True for an Hl7Error whose code is `parse_error`, from any copy of this package.
   *
   * @param error - anything caught
   * @returns whether `error` is a parse error
   * @example
   * ```ts
   * if (Hl7ParseError.isInstance(e)) console.log(e.segment);
   * ```
   */
  static override isInstance(error: unknown): error is Hl7ParseError {
    return Hl7Error.isInstance(error) && error.code === 'parse_error';
  }
}

/** @internal Shorthand for an `invalid_input` error naming the input property. */
export function invalidInput(inputField: string, problem: string): Hl7Error {
  return new Hl7Error('invalid_input', `${inputField}: ${problem}`, { inputField });
}
