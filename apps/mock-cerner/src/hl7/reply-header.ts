import { buildAck, type BuildAckOptions, type Hl7Message } from '@cerner-kit/hl7-adapters';
import type { MockState } from '../state/mock-state.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/**
 * Builds the mock's acknowledgement of a message with `buildAck` (sender and receiver swapped, a
 * new MSH-10, MSA-2 = the message's MSH-10), on the mock's clock, naming the mock as the sending
 * application when the message left MSH-5 empty.
 *
 * @param state - the mock's state (for the clock)
 * @param message - the message being answered
 * @param ack - code, text and error of the answer
 * @param options - id generator and application name
 * @returns the ACK (or the start of an ADR, whose MSH-9 the caller changes)
 * @example
 * ```ts
 * const ack = mockAck(state, oru, { code: 'AA' }, {});
 * ```
 */
export function mockAck(
  state: MockState,
  message: Hl7Message,
  ack: Pick<BuildAckOptions, 'code' | 'text' | 'errorCode' | 'errorText' | 'errorLocation'>,
  options: Hl7ResponderOptions,
): Hl7Message {
  const reply = buildAck(message, {
    ...ack,
    now: state.now,
    ...(options.idGenerator ? { idGenerator: options.idGenerator } : {}),
  });
  if (!reply.get('MSH-3')) reply.set('MSH-3', options.applicationName ?? 'HNAM');
  return reply;
}

/** MSH-15 values that ask for an accept acknowledgement (enhanced mode). */
const ENHANCED_ACCEPT = new Set(['AL', 'ER', 'SU']);
const ACCEPT_CODE = { AA: 'CA', AE: 'CE', AR: 'CR' } as const;

/**
 * The acknowledgement code to send for a message: in enhanced mode (MSH-15 `AL`, `ER` or `SU`)
 * the accept codes CA / CE / CR stand for AA / AE / AR; otherwise the code as given. The mock
 * commits synchronously, so no separate application acknowledgement follows.
 *
 * @param message - the message being answered
 * @param code - the original-mode code
 * @returns the code for MSA-1
 * @example
 * ```ts
 * ackCodeFor(oru, 'AA'); // 'CA' when oru's MSH-15 is AL
 * ```
 */
export function ackCodeFor(
  message: Hl7Message,
  code: BuildAckOptions['code'],
): BuildAckOptions['code'] {
  if (
    code === undefined ||
    !ENHANCED_ACCEPT.has((message.get('MSH-15') ?? '').trim().toUpperCase())
  ) {
    return code;
  }
  return ACCEPT_CODE[code as keyof typeof ACCEPT_CODE] ?? code;
}
