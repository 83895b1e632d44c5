import { createMllpServer, type MllpServer } from '@cerner-kit/hl7-adapters';
import type { MockState } from '../state/mock-state.js';
import { answerHl7Message, MAX_HL7_MESSAGE_BYTES } from './answer-hl7-message.js';
import { createMllpExchangeHandlers } from './mllp-exchange.js';
import type { Hl7ResponderOptions } from './reply-options.js';

export { MAX_HL7_MESSAGE_BYTES };

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
 * Logs one line per message (type, control id, ack code, bytes), never patient data. This is the
 * bare handler: injected faults and the request log apply to the MLLP listener
 * (`createHl7Listener`), not to an in-process call.
 *
 * @param state - the mock's state (store, clock, logger)
 * @param text - the ER7 text of one frame
 * @param options - responder options
 * @returns the reply's ER7 text (in enhanced mode the last message: the application answer), or
 *   undefined to send nothing
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
  return answerHl7Message(state, text, options).reply;
}

/** Options of {@link createHl7Listener}. */
export interface Hl7ListenerOptions extends Hl7ResponderOptions {
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** TCP port; default 0 (any free port). Cerner interfaces commonly use 2575. */
  port?: number;
  /** Idle connection timeout in ms (default 60000; 0 disables). */
  idleTimeoutMs?: number;
  /**
   * Chooses the tenant's state for each message (by MSH-5/MSH-6, see `routeHl7ByReceiver`);
   * default: every message goes to `state`.
   */
  route?: (text: string) => MockState;
  /** Time a frame may take to arrive, from its 0x0B, in ms (default 60000; 0 disables). */
  frameTimeoutMs?: number;
  /** Most connections at once (default 100). */
  maxConnections?: number;
  /** Most bytes held across all connections (default 64 MiB). */
  maxBufferedBytes?: number;
}

/**
 * The mock's MLLP listener, on the same store as its FHIR endpoints: QRY^A19 queries are answered
 * from it, ORU^R01 / MDM^T02 documents become DocumentReferences visible through FHIR search.
 * MLLP rules of `PUT /admin/faults` apply to its messages (NAK, latency, dropped connection, no
 * reply), and each message is an entry of the request log (`protocol: 'mllp'`).
 * Bad bytes between frames and unparseable frames are dropped (or answered AR when a control id
 * can be read); one peer's garbage never affects the next frame or another peer. Frames are read
 * in the character set MSH-18 declares (`8859/1`, `UNICODE UTF-8`; ASCII/empty as UTF-8) and
 * one that cannot be decoded is answered AE. Bounded: connections, bytes held across them, and
 * the time one frame may take (hl7-adapters' `createMllpServer` limits).
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
  const { route } = options;
  const handlers = createMllpExchangeHandlers(
    route ? (text) => (text === '' ? state : route(text)) : state,
    options,
  );
  const server = createMllpServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxFrameBytes: MAX_HL7_MESSAGE_BYTES,
    // each frame read in the character set its MSH-18 declares; replies written in theirs
    msh18: true,
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    ...(options.frameTimeoutMs !== undefined ? { frameTimeoutMs: options.frameTimeoutMs } : {}),
    ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
    ...(options.maxBufferedBytes !== undefined
      ? { maxBufferedBytes: options.maxBufferedBytes }
      : {}),
    logger,
    onMessage: handlers.onMessage,
    onFrameError: handlers.onFrameError,
  });
  return {
    listen() {
      return server.listen();
    },
    async close() {
      handlers.cancelDelays();
      await server.close();
    },
    get address() {
      return server.address;
    },
    get connections() {
      return server.connections;
    },
    get bufferedBytes() {
      return server.bufferedBytes;
    },
  };
}
