import type {
  MllpConnectionContext,
  MllpFrameErrorReason,
  MllpFrameInfo,
} from '@cerner-kit/hl7-adapters';
import { describeMllpFault } from '../admin/mllp-fault-rules.js';
import { MAX_ERROR_BODY, type MllpLogEntry } from '../admin/request-log.js';
import type { MockState } from '../state/mock-state.js';
import { answerHl7Message } from './answer-hl7-message.js';
import type { Hl7ResponderOptions } from './reply-options.js';

/** The MLLP server callbacks of the mock's listener, plus a way to cancel pending delays. */
export interface MllpExchangeHandlers {
  onMessage: (
    text: string,
    ctx: MllpConnectionContext,
    frame: MllpFrameInfo,
  ) => Promise<string[] | undefined>;
  onFrameError: (
    reason: MllpFrameErrorReason,
    ctx: MllpConnectionContext,
    info: { bytes: number },
  ) => undefined;
  /** Ends every pending `latencyMs` delay at once (the listener is closing). */
  cancelDelays: () => void;
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The MSH, MSA and ERR segments of a reply (never PID or other patient data), bounded. */
function ackSegments(reply: string): string {
  return reply
    .split(/\r\n?|\n/)
    .filter((seg) => /^(MSH|MSA|ERR)\|/.test(seg))
    .join('\r')
    .slice(0, MAX_ERROR_BODY);
}

/**
 * The per-message work of the mock's MLLP listener: answer the message (`answerHl7Message`, with
 * the fault registry's MLLP rules), apply the transport side of a fault (`latencyMs` delays the
 * reply; `drop` closes the connection through the server's `ctx.close()`; `noReply` sends nothing and keeps the connection open),
 * and add one entry to the request log per message (type, MSH-10, ACK code or `dropped` /
 * `no reply`, duration, fault, bytes; never message content). Bytes dropped without a frame are
 * logged too, with `frameError`.
 *
 * @param state - the mock's state (faults, request log, clock), or a function choosing the
 *   (tenant's) state for each message's text (frame errors go to the default state: `state('')`)
 * @param options - responder options
 * @returns the callbacks for `createMllpServer`
 * @example
 * ```ts
 * const handlers = createMllpExchangeHandlers(state, {});
 * createMllpServer({ onMessage: handlers.onMessage, onFrameError: handlers.onFrameError });
 * ```
 */
export function createMllpExchangeHandlers(
  state: MockState | ((text: string) => MockState),
  options: Hl7ResponderOptions,
): MllpExchangeHandlers {
  const stateOf = typeof state === 'function' ? state : (): MockState => state;
  const delays = new Set<() => void>();
  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        delays.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      delays.add(done);
    });
  const log = (s: MockState, entry: Omit<MllpLogEntry, 'at' | 'protocol'>): void => {
    s.requestLog.addMllp({
      at: new Date(s.now()).toISOString(),
      protocol: 'mllp',
      ...entry,
    });
  };

  return {
    onMessage: async (text, ctx, frame) => {
      const started = performance.now();
      const s = stateOf(text);
      const answer = answerHl7Message(s, text, options, (type) => s.faults.matchMllp(type), frame);
      const { fault } = answer;
      if (fault?.latencyMs) await delay(fault.latencyMs);
      let replies: string[] | undefined = answer.replies.length > 0 ? answer.replies : undefined;
      let ack = answer.ack ?? 'no reply';
      if (fault?.drop) {
        ctx.close();
        replies = undefined;
        ack = 'dropped';
      } else if (fault?.noReply) {
        replies = undefined;
        ack = 'no reply';
      }
      log(s, {
        messageType: answer.messageType,
        ...(answer.controlId !== undefined ? { controlId: answer.controlId } : {}),
        ack,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        bytes: frame.bytes,
        ...(replies !== undefined
          ? { replyBytes: replies.reduce((n, r) => n + utf8Bytes(r), 0) }
          : {}),
        connectionId: ctx.connectionId,
        ...(answer.documentReferenceId !== undefined
          ? { documentReferenceId: answer.documentReferenceId }
          : {}),
        ...(answer.duplicate ? { duplicate: true as const } : {}),
        ...(fault ? { fault: describeMllpFault(fault) } : {}),
        ...(replies !== undefined && replies[0] ? { ackText: ackSegments(replies[0]) } : {}),
      });
      return replies;
    },
    onFrameError: (reason, ctx, info) => {
      log(stateOf(''), {
        messageType: '',
        ack: 'no reply',
        durationMs: 0,
        bytes: info.bytes,
        connectionId: ctx.connectionId,
        frameError: reason,
      });
      return undefined;
    },
    cancelDelays: () => {
      for (const done of [...delays]) done();
    },
  };
}
