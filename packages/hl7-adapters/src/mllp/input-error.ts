import { Hl7Error } from '../errors.js';

/**
 * @internal An `invalid_input` {@link Hl7Error} naming the option or argument at fault. Local to
 * the transport so it depends on nothing in `errors.ts` beyond the `Hl7Error` class.
 */
export function mllpInputError(inputField: string, problem: string, cause?: unknown): Hl7Error {
  return new Hl7Error('invalid_input', `${inputField}: ${problem}`, {
    inputField,
    retryable: false,
    ...(cause === undefined ? {} : { cause }),
  });
}
