import { guardLogger } from '@cerner-kit/core';
import {
  createHl7Message,
  Hl7Error,
  parseHl7,
  readMessageControlId,
  type Hl7Message,
} from '@cerner-kit/hl7-adapters';
import { describeMllpFault, type MllpFaultRule } from '../admin/mllp-fault-rules.js';
import type { MockState } from '../state/mock-state.js';
import { answerA19, asAdrA19 } from './a19-responder.js';
import { receiveDocument } from './document-receiver.js';
import { ackCodeFor, mockAck } from './reply-header.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/** Largest message the mock accepts, in characters (and the MLLP frame cap in bytes). */
export const MAX_HL7_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Longest control id the mock echoes (MSA-2) or logs. */
const MAX_CONTROL_ID = 199;

/** What the mock did with one HL7 message: the reply and the facts the request log keeps. */
export interface Hl7Answer {
  /** The reply's ER7 text, or undefined to send nothing. */
  reply: string | undefined;
  /** MSH-9.1 and 9.2 (`ORU^R01`, `ORU` without an event), upper case; `''` when it did not parse. */
  messageType: string;
  /** MSH-10 (at most 199 characters), when it could be read. */
  controlId: string | undefined;
  /** MSA-1 of the reply. */
  ack: string | undefined;
  /** The DocumentReference the message was stored as (or duplicated). */
  documentReferenceId?: string;
  /** The message was a retransmission of a stored document. */
  duplicate?: boolean;
  /** The injected fault that applied, if any. */
  fault?: MllpFaultRule;
  /** False when a `drop` / `noReply` fault withheld the message before it was handled. */
  handled: boolean;
}

/** Picks the injected fault for a message of this `TYPE^EVENT`, if any (consuming its `times`). */
export type SelectMllpFault = (messageType: string) => MllpFaultRule | undefined;

function safeControlId(text: string): string | undefined {
  try {
    const id = readMessageControlId(text);
    return id && id.length <= MAX_CONTROL_ID ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Answers one HL7 message (see `handleHl7Message` for the answers), and says what it did. With
 * `selectFault`, an injected MLLP fault applies to a message that parses and has an MSH-10:
 * `ack` answers that code (CE / CR in enhanced mode) with ERR 207 without handling the message;
 * `drop` / `noReply` without `dropAfterStore` withhold it before it is handled (reply undefined,
 * `handled: false`); the transport effects (latency, closing the connection) are the listener's.
 * It never throws.
 *
 * @param state - the mock's state (store, clock, logger)
 * @param text - the ER7 text of one frame
 * @param options - responder options
 * @param selectFault - the fault lookup (the MLLP listener passes the fault registry's)
 * @returns the reply and what the log may keep (no message content)
 * @example
 * ```ts
 * const answer = answerHl7Message(state, oruText, {}, (type) => state.faults.matchMllp(type));
 * answer.ack; // 'AA'
 * ```
 */
export function answerHl7Message(
  state: MockState,
  text: string,
  options: Hl7ResponderOptions = {},
  selectFault?: SelectMllpFault,
): Hl7Answer {
  const logger = guardLogger(options.logger ?? state.logger);
  let message: Hl7Message;
  try {
    message = parseHl7(text, { maxLength: MAX_HL7_MESSAGE_BYTES });
  } catch (error) {
    const controlId = safeControlId(text);
    logger.warn('hl7 message does not parse', {
      bytes: text.length,
      answered: controlId !== undefined,
      ...(Hl7Error.isInstance(error) ? { segment: error.segment, field: error.field } : {}),
    });
    const none = { messageType: '', controlId, handled: true };
    if (controlId === undefined) return { ...none, reply: undefined, ack: undefined };
    const stub = createHl7Message();
    stub.set('MSH-10', controlId);
    return {
      ...none,
      reply: mockAck(
        state,
        stub,
        {
          code: 'AR',
          text: 'the message does not parse',
          errorCode: '100',
          errorText: 'Segment sequence error',
        },
        options,
      ).toString(),
      ack: 'AR',
    };
  }
  const kind = (message.get('MSH-9.1') ?? '').toUpperCase();
  const event = (message.get('MSH-9.2') ?? '').toUpperCase();
  const messageType = event ? `${kind.slice(0, 16)}^${event.slice(0, 16)}` : kind.slice(0, 16);
  const controlId = message.controlId?.slice(0, MAX_CONTROL_ID) || undefined;
  const fault = controlId !== undefined ? selectFault?.(messageType) : undefined;
  const described = fault ? { fault: describeMllpFault(fault) } : {};
  if (fault && (fault.drop || fault.noReply) && !fault.dropAfterStore) {
    logger.info('hl7 message withheld by an injected fault', {
      type: messageType,
      controlId,
      bytes: text.length,
      ...described,
    });
    return { reply: undefined, messageType, controlId, ack: undefined, fault, handled: false };
  }
  let reply: Hl7Message;
  let received: { documentReferenceId?: string; duplicate?: boolean } = {};
  try {
    if (fault?.ack) {
      reply = mockAck(
        state,
        message,
        {
          code: ackCodeFor(message, fault.ack),
          text: `injected fault (PUT /admin/faults): ${fault.ack}`,
          errorCode: '207',
        },
        options,
      );
      if (kind === 'QRY' && event === 'A19') asAdrA19(reply, message);
    } else if (!message.controlId) {
      reply = mockAck(
        state,
        message,
        {
          code: 'AR',
          text: 'MSH-10 (message control id) is required',
          errorCode: '101',
          errorLocation: { segment: 'MSH', field: 10 },
        },
        options,
      );
    } else if (kind === 'QRY' && event === 'A19') {
      reply = answerA19(state, message, options);
    } else if ((kind === 'ORU' && event === 'R01') || (kind === 'MDM' && event === 'T02')) {
      const { ack, ...rest } = receiveDocument(state, message, options);
      reply = ack;
      received = rest;
    } else {
      const knownType = kind === 'QRY' || kind === 'ORU' || kind === 'MDM';
      reply = mockAck(
        state,
        message,
        knownType
          ? {
              code: 'AR',
              text: `unsupported event ${event || '(none)'}`,
              errorCode: '201',
              errorLocation: { segment: 'MSH', field: 9 },
            }
          : {
              code: 'AR',
              text: `unsupported message type ${kind || '(none)'}`,
              errorCode: '200',
              errorLocation: { segment: 'MSH', field: 9 },
            },
        options,
      );
    }
  } catch (error) {
    logger.error('hl7 message handling failed', {
      type: `${kind}^${event}`,
      ...(Hl7Error.isInstance(error)
        ? { errorCode: error.code }
        : { errorName: error instanceof Error ? error.name : typeof error }),
    });
    try {
      reply = mockAck(
        state,
        message,
        { code: 'AE', text: 'internal error', errorCode: '207' },
        options,
      );
    } catch {
      return { reply: undefined, messageType, controlId, ack: undefined, handled: true };
    }
  }
  const ack = reply.get('MSA-1');
  logger.info('hl7 message answered', {
    type: `${kind}^${event}`,
    controlId: message.controlId,
    ackCode: ack,
    bytes: text.length,
    ...(received.documentReferenceId !== undefined
      ? { documentReferenceId: received.documentReferenceId }
      : {}),
    ...described,
  });
  return {
    reply: reply.toString(),
    messageType,
    controlId,
    ack,
    ...(received.documentReferenceId !== undefined
      ? { documentReferenceId: received.documentReferenceId }
      : {}),
    ...(received.duplicate ? { duplicate: true } : {}),
    ...(fault ? { fault } : {}),
    handled: true,
  };
}
