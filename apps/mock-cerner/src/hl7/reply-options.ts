import type { Logger } from '../state/logger.js';
import type { AliasPools } from './cerner-pid.js';

/**
 * How the mock answers an A19 query whose patient is unknown. Both shapes occur at real sites
 * (hl7.md §0): `aa-qak-nf` (`MSA|AA` + `QAK|…|NF`, the default) or `ae-err-204` (`MSA|AE` +
 * `ERR` 204 "Unknown key identifier"). `parseAdrA19` reads either as `not_found`.
 *
 * @example
 * ```ts
 * const style: A19NotFoundStyle = A19NotFoundStyle.aeErr204;
 * ```
 */
export const A19NotFoundStyle = { aaQakNf: 'aa-qak-nf', aeErr204: 'ae-err-204' } as const;
/** One of {@link A19NotFoundStyle}. */
export type A19NotFoundStyle = (typeof A19NotFoundStyle)[keyof typeof A19NotFoundStyle];

/**
 * Options shared by the HL7 responders of the mock (A19 and documents).
 *
 * @example
 * ```ts
 * const options: Hl7ResponderOptions = { a19NotFound: 'ae-err-204', idGenerator: () => 'ACK0001' };
 * ```
 */
export interface Hl7ResponderOptions {
  /** The not-found answer of an A19 (default `aa-qak-nf`). */
  a19NotFound?: A19NotFoundStyle;
  /** MSH-10 of every reply; default random 20-character ids. */
  idGenerator?: () => string;
  /** MSH-3 the mock answers with when the message's MSH-5 is empty (default `HNAM`). */
  applicationName?: string;
  /** Logger for one line per message (type, control id, ack code; never patient data). */
  logger?: Logger;
  /** Alias pool names written in CX.4 of A19 / K22 replies (default `SANDBOX MRN`, `SANDBOX FIN`, `SANDBOX CMRN`). */
  aliasPools?: Partial<AliasPools>;
}
