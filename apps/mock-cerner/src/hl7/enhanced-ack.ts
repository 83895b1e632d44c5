import type { Hl7Message } from '@cerner-kit/hl7-adapters';
import type { MockState } from '../state/mock-state.js';
import { mockAck } from './reply-header.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/** When an acknowledgement is sent (table 0155): always, never, on error only, on success only. */
type AckCondition = 'AL' | 'NE' | 'ER' | 'SU';

function condition(value: string | undefined): AckCondition {
  const v = (value ?? '').trim().toUpperCase();
  return v === 'NE' || v === 'ER' || v === 'SU' ? v : 'AL';
}

/**
 * Whether a message asks for enhanced acknowledgement mode (hl7.md §1.1): MSH-15 or MSH-16 set.
 *
 * @param message - the incoming message
 * @returns true in enhanced mode
 * @example
 * ```ts
 * isEnhancedMode(oru); // true when MSH-15 is AL
 * ```
 */
export function isEnhancedMode(message: Hl7Message): boolean {
  return Boolean((message.get('MSH-15') ?? '').trim() || (message.get('MSH-16') ?? '').trim());
}

/**
 * The replies to a message in enhanced acknowledgement mode (hl7.md §1.1, §1.7): first the
 * accept (commit) acknowledgement, `CA` or `CR` for a message refused outright (an `AR`), sent as
 * MSH-15 asks (`AL` or empty: always, `NE`: never, `ER`: only `CR`, `SU`: only `CA`); then, unless
 * the message was refused, the application answer as its own message: the ADR / RSP of a query
 * always, an application ACK as MSH-16 asks (`AL` or empty: always, `NE`: never, `ER`: only
 * AE/AR, `SU`: only AA). In original mode (neither set) the application answer alone.
 *
 * @param state - the mock's state (clock)
 * @param message - the incoming message
 * @param answer - the original-mode answer (an ACK with AA/AE/AR, or a query response)
 * @param options - id generator, application name
 * @returns the messages to send, in order
 * @example
 * ```ts
 * enhancedReplies(state, oru, ackAA, {}).map((m) => m.get('MSA-1')); // ['CA', 'AA'] for MSH-15 AL
 * ```
 */
export function enhancedReplies(
  state: MockState,
  message: Hl7Message,
  answer: Hl7Message,
  options: Hl7ResponderOptions,
): Hl7Message[] {
  if (!isEnhancedMode(message)) return [answer];
  const code = (answer.get('MSA-1') ?? '').toUpperCase();
  const isAck = (answer.get('MSH-9.1') ?? '').toUpperCase() === 'ACK';
  const refused = isAck && code === 'AR';
  const accept = condition(message.get('MSH-15'));
  const out: Hl7Message[] = [];
  const sendCommit =
    accept === 'AL' || (accept === 'ER' && refused) || (accept === 'SU' && !refused);
  if (sendCommit) {
    const commit = refused
      ? mockAck(
          state,
          message,
          {
            code: 'CR',
            text: answer.get('MSA-3') || undefined,
            errorCode: answer.get('ERR-3.1') || answer.get('ERR-1.4.1') || undefined,
          },
          options,
        )
      : mockAck(state, message, { code: 'CA' }, options);
    out.push(commit);
  }
  if (refused) return out;
  if (!isAck) return [...out, answer]; // a query response is always sent
  const application = condition(message.get('MSH-16'));
  const ok = code === 'AA';
  if (application === 'AL' || (application === 'ER' && !ok) || (application === 'SU' && ok)) {
    out.push(answer);
  }
  return out;
}
