import { guardLogger } from '@cerner-kit/core';
import {
  createHl7Message,
  encodingForMsh18,
  Hl7Error,
  parseHl7,
  readMessageControlId,
  type Hl7Message,
  type MllpFrameInfo,
} from '@cerner-kit/hl7-adapters';
import { describeMllpFault, type MllpFaultRule } from '../admin/mllp-fault-rules.js';
import type { MockState } from '../state/mock-state.js';
import { answerA19, asAdrA19 } from './a19-responder.js';
import { receiveDocument } from './document-receiver.js';
import { enhancedReplies } from './enhanced-ack.js';
import { answerQ22 } from './pdq-responder.js';
import { ackCodeFor, mockAck } from './reply-header.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/** Largest message the mock accepts, in characters (and the MLLP frame cap in bytes). */
export const MAX_HL7_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Longest control id the mock echoes (MSA-2) or logs. */
const MAX_CONTROL_ID = 199;

/** What the mock did with one HL7 message: the reply and the facts the request log keeps. */
export interface Hl7Answer {
  /** The last of `replies` (the application answer, unless only a commit ACK is sent), or undefined. */
  reply: string | undefined;
  /** Every message to send, in order: in enhanced mode the commit ACK, then the answer. */
  replies: string[];
  /** MSH-9.1 and 9.2 (`ORU^R01`, `ORU` without an event), upper case; `''` when it did not parse. */
  messageType: string;
  /** MSH-10 (at most 199 characters), when it could be read. */
  controlId: string | undefined;
  /** MSA-1 of the reply; `CA+AA`-style for several replies (enhanced mode). */
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

/** MSH-18 for replies: the message's own, when it is one the listener can write. */
function replyCharset(message: Hl7Message): string | undefined {
  const msh18 = (message.get('MSH-18') ?? '').trim();
  return msh18 && encodingForMsh18(msh18, 'utf8') !== undefined ? msh18 : undefined;
}

/** The application-level answer (original-mode codes) to a parsed message with an MSH-10. */
function applicationAnswer(
  state: MockState,
  message: Hl7Message,
  kind: string,
  event: string,
  options: Hl7ResponderOptions,
  frame: MllpFrameInfo | undefined,
): { reply: Hl7Message; documentReferenceId?: string; duplicate?: boolean } {
  if (frame?.undecodable) {
    const set = frame.msh18 || 'ASCII';
    return {
      reply: mockAck(
        state,
        message,
        {
          code: 'AE',
          text:
            frame.undecodable === 'unsupported_charset'
              ? `MSH-18 character set ${set.slice(0, 32)} is not supported; send 8859/1 or UNICODE UTF-8`
              : `the message bytes are not valid ${set.slice(0, 32)} (MSH-18)`,
          errorCode: '102',
          errorText: 'Data type error',
          errorLocation: { segment: 'MSH', field: 18 },
        },
        options,
      ),
    };
  }
  if (kind === 'QRY' && event === 'A19') return { reply: answerA19(state, message, options) };
  if (kind === 'QBP' && event === 'Q22') return { reply: answerQ22(state, message, options) };
  if ((kind === 'ORU' && event === 'R01') || (kind === 'MDM' && event === 'T02')) {
    const { ack, ...rest } = receiveDocument(state, message, options);
    return { reply: ack, ...rest };
  }
  const knownType = kind === 'QRY' || kind === 'QBP' || kind === 'ORU' || kind === 'MDM';
  return {
    reply: mockAck(
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
    ),
  };
}

/**
 * Answers one HL7 message (see `handleHl7Message` for the answers), and says what it did. With
 * `selectFault`, an injected MLLP fault applies to a message that parses and has an MSH-10:
 * `ack` answers that code (CE / CR in enhanced mode) with ERR 207 without handling the message;
 * `drop` / `noReply` without `dropAfterStore` withhold it before it is handled (reply undefined,
 * `handled: false`); the transport effects (latency, closing the connection) are the listener's.
 * In enhanced acknowledgement mode (MSH-15/16) the commit ACK comes first and the application
 * answer follows as its own message (`enhancedReplies`). Replies carry the message's MSH-18
 * (`8859/1`, `UNICODE UTF-8`) and a frame the listener could not decode (`frame.undecodable`) is
 * answered AE with ERR 102 at MSH-18. It never throws.
 *
 * @param state - the mock's state (store, clock, logger)
 * @param text - the ER7 text of one frame
 * @param options - responder options
 * @param selectFault - the fault lookup (the MLLP listener passes the fault registry's)
 * @param frame - how the listener read the frame's bytes (MSH-18), when it came over MLLP
 * @returns the replies and what the log may keep (no message content)
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
  frame?: MllpFrameInfo,
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
    if (controlId === undefined) return { ...none, reply: undefined, replies: [], ack: undefined };
    const stub = createHl7Message();
    stub.set('MSH-10', controlId);
    const reply = mockAck(
      state,
      stub,
      {
        code: 'AR',
        text: 'the message does not parse',
        errorCode: '100',
        errorText: 'Segment sequence error',
      },
      options,
    ).toString();
    return { ...none, reply, replies: [reply], ack: 'AR' };
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
    return {
      reply: undefined,
      replies: [],
      messageType,
      controlId,
      ack: undefined,
      fault,
      handled: false,
    };
  }
  let replies: Hl7Message[];
  let received: { documentReferenceId?: string; duplicate?: boolean } = {};
  try {
    if (fault?.ack) {
      const reply = mockAck(
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
      replies = [reply];
    } else if (!message.controlId) {
      replies = [
        mockAck(
          state,
          message,
          {
            code: 'AR',
            text: 'MSH-10 (message control id) is required',
            errorCode: '101',
            errorLocation: { segment: 'MSH', field: 10 },
          },
          options,
        ),
      ];
    } else {
      const { reply, ...rest } = applicationAnswer(state, message, kind, event, options, frame);
      received = rest;
      replies = enhancedReplies(state, message, reply, options);
    }
  } catch (error) {
    logger.error('hl7 message handling failed', {
      type: `${kind}^${event}`,
      ...(Hl7Error.isInstance(error)
        ? { errorCode: error.code }
        : { errorName: error instanceof Error ? error.name : typeof error }),
    });
    try {
      replies = [
        mockAck(state, message, { code: 'AE', text: 'internal error', errorCode: '207' }, options),
      ];
    } catch {
      return {
        reply: undefined,
        replies: [],
        messageType,
        controlId,
        ack: undefined,
        handled: true,
      };
    }
  }
  const charset = frame?.undecodable === 'unsupported_charset' ? undefined : replyCharset(message);
  if (charset) for (const r of replies) r.set('MSH-18', charset);
  const ack = replies.map((r) => r.get('MSA-1') ?? '').join('+') || undefined;
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
  const texts = replies.map((r) => r.toString());
  return {
    reply: texts[texts.length - 1],
    replies: texts,
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
