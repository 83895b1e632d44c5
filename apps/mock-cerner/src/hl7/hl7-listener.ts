import {
  createHl7Message,
  createMllpServer,
  Hl7Error,
  parseHl7,
  readMessageControlId,
  type Hl7Message,
  type MllpServer,
} from '@cerner-kit/hl7-adapters';
import type { MockState } from '../state/mock-state.js';
import { answerA19 } from './a19-responder.js';
import { receiveDocument } from './document-receiver.js';
import { mockAck } from './reply-header.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/** Largest message the mock accepts, in characters (and the MLLP frame cap in bytes). */
export const MAX_HL7_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * Answers one HL7 message the way the mock's MLLP listener does:
 * - `QRY^A19` -> `ADR^A19` from the store (see `answerA19`);
 * - `ORU^R01`, `MDM^T02` -> the document is stored as a DocumentReference, then an ACK (see
 *   `receiveDocument`);
 * - any other type -> `ACK` AR with ERR 200 (unsupported message type) or 201 (event);
 * - text that does not parse -> `ACK` AR with ERR 100 when its MSH-10 can still be read, else
 *   nothing (undefined: the frame is dropped);
 * - an unexpected failure -> AE with ERR 207; it never throws.
 *
 * Logs one line per message (type, control id, ack code, bytes), never patient data.
 *
 * @param state - the mock's state (store, clock, logger)
 * @param text - the ER7 text of one frame
 * @param options - responder options
 * @returns the reply's ER7 text, or undefined to send nothing
 * @example
 * ```ts
 * const reply = handleHl7Message(mock.state, buildA19Query({ mrn: '292392' }).toString());
 * parseAdrA19(reply!).status; // 'found'
 * ```
 */
export function handleHl7Message(
  state: MockState,
  text: string,
  options: Hl7ResponderOptions = {},
): string | undefined {
  const logger = options.logger ?? state.logger;
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
    if (controlId === undefined) return undefined;
    const stub = createHl7Message();
    stub.set('MSH-10', controlId);
    return mockAck(
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
  }
  const kind = (message.get('MSH-9.1') ?? '').toUpperCase();
  const event = (message.get('MSH-9.2') ?? '').toUpperCase();
  let reply: Hl7Message;
  let documentId: string | undefined;
  try {
    if (!message.controlId) {
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
      const received = receiveDocument(state, message, options);
      reply = received.ack;
      documentId = received.documentReferenceId;
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
      return undefined;
    }
  }
  logger.info('hl7 message answered', {
    type: `${kind}^${event}`,
    controlId: message.controlId,
    ackCode: reply.get('MSA-1'),
    bytes: text.length,
    ...(documentId !== undefined ? { documentReferenceId: documentId } : {}),
  });
  return reply.toString();
}

function safeControlId(text: string): string | undefined {
  try {
    const id = readMessageControlId(text);
    return id && id.length <= 199 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link createHl7Listener}. */
export interface Hl7ListenerOptions extends Hl7ResponderOptions {
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** TCP port; default 0 (any free port). Cerner interfaces commonly use 2575. */
  port?: number;
  /** Idle connection timeout in ms (default 60000; 0 disables). */
  idleTimeoutMs?: number;
}

/**
 * The mock's MLLP listener, on the same store as its FHIR endpoints: QRY^A19 queries are answered
 * from it, ORU^R01 / MDM^T02 documents become DocumentReferences visible through FHIR search.
 * Bad bytes between frames and unparseable frames are dropped (or answered AR when a control id
 * can be read); one peer's garbage never affects the next frame or another peer.
 *
 * @param state - the mock's state (`createMockCerner().state`)
 * @param options - bind address, responder options
 * @returns the MLLP server; call `listen()`, later `close()`
 * @throws Hl7Error `invalid_input` for a malformed host or port
 * @example
 * ```ts
 * const mock = createMockCerner();
 * const listener = createHl7Listener(mock.state, { port: 0 });
 * const { port } = await listener.listen();
 * ```
 */
export function createHl7Listener(state: MockState, options: Hl7ListenerOptions = {}): MllpServer {
  const logger = options.logger ?? state.logger;
  return createMllpServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxFrameBytes: MAX_HL7_MESSAGE_BYTES,
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    logger,
    onMessage: (text) => handleHl7Message(state, text, options),
  });
}
