import { Hl7Error } from '../errors.js';
import { ClientConnection } from './client-connection.js';
import {
  checkTimeout,
  resolveClientOptions,
  type MllpClient,
  type MllpClientOptions,
} from './client-options.js';
import { readAckCode } from './control-id.js';
import type { MllpDecodeEvent } from './decoder.js';
import { encodeMllpFrame } from './frame.js';
import { mllpInputError } from './input-error.js';
import { describeError } from './logger.js';
import { PendingReplies } from './pending-replies.js';
import { createHl7Telemetry } from '../telemetry/hl7-telemetry.js';

export {
  MllpReturnAck,
  type MllpClient,
  type MllpClientOptions,
  type MllpSendOptions,
} from './client-options.js';
export type { ClientConnectionState } from './client-connection.js';

/**
 * Creates an MLLP client on Node `net`. It connects on the first `send`, keeps the connection for
 * later sends, matches replies by control id, and reconnects on the next send after a drop. A
 * logger that throws is ignored.
 *
 * @param options - server address, timeouts and limits
 * @returns the client; call `close()` when done
 * @throws Hl7Error `invalid_input` naming the option when an option is malformed
 * @example
 * ```ts
 * const client = createMllpClient({ host: '127.0.0.1', port: 2575, responseTimeoutMs: 10_000 });
 * try {
 *   const reply = await client.send(buildA19Query({ mrn: '12345' }).toString());
 *   console.log(parseHl7(reply).get('MSA-1'));
 * } catch (e) {
 *   if (Hl7Error.isInstance(e) && e.retryable) scheduleRetry();
 * } finally {
 *   await client.close();
 * }
 * ```
 */
export function createMllpClient(options: MllpClientOptions): MllpClient {
  const o = resolveClientOptions(options);
  const { host, port, logger, getControlId } = o;
  let closing: Promise<void> | undefined;
  const tel = createHl7Telemetry({ telemetry: o.telemetry, host, port });

  const pending = new PendingReplies(
    o.timers,
    () => connection.quiet(),
    (timeoutMs) => logger.warn('mllp client reply timed out', { timeoutMs }),
  );

  const onReply = (reply: string): void => {
    let id: string | undefined;
    try {
      id = getControlId(reply, 'reply');
    } catch (error) {
      logger.warn('mllp client getControlId failed on a reply', describeError(error));
    }
    const outcome = pending.deliver(id, reply, () => readAckCode(reply));
    if (outcome === 'commit_ack') {
      logger.debug('mllp client got a commit accept; waiting for the application ack');
    } else if (outcome === 'unmatched') {
      logger.warn('mllp client ignored a reply matching no outstanding send', {
        hasControlId: id !== undefined,
        outstanding: pending.size,
      });
    }
  };

  const onEvent = (event: MllpDecodeEvent): void => {
    if (event.type === 'frame') {
      onReply(event.message);
      return;
    }
    if (event.type === 'payload') return; // the client's decoder never keeps bytes
    logger.warn('mllp client dropped bytes from the server', {
      reason: event.reason,
      bytes: event.bytes,
    });
    if (event.reason === 'oversized') {
      pending.failOnly(
        new Hl7Error(
          'frame_too_large',
          `mllp reply exceeded maxFrameBytes (${event.bytes} bytes)`,
          {
            retryable: false,
          },
        ),
      );
    }
  };

  const connection = new ClientConnection(o, {
    onEvent,
    onDrop: (error) => {
      if (pending.size > 0) logger.warn('mllp client sends failed', { outstanding: pending.size });
      pending.failAll(error);
    },
  });

  return {
    async send(message, opts = {}) {
      if (closing) throw new Hl7Error('connection', 'mllp client is closed', { retryable: false });
      if (typeof message !== 'string') throw mllpInputError('message', 'must be a string');
      const timeoutMs = opts.timeoutMs ?? o.responseTimeoutMs;
      checkTimeout('timeoutMs', timeoutMs);
      const returnAck = opts.returnAck ?? 'first';
      if (returnAck !== 'first' && returnAck !== 'application') {
        throw mllpInputError('returnAck', "must be 'first' or 'application'");
      }
      const frame = encodeMllpFrame(message, o.encoding);
      let id: string | undefined;
      try {
        id = getControlId(message, 'request');
      } catch (error) {
        throw mllpInputError('message', 'getControlId failed on it', error);
      }
      if (id === undefined) {
        throw mllpInputError('message', 'has no control id (MSH-10) to match the reply with');
      }
      if (pending.has(id)) {
        throw mllpInputError(
          'message',
          'its control id (MSH-10) is already awaiting a reply; control ids must be unique',
        );
      }
      const result = pending.add(id, { timeoutMs, signal: opts.signal, returnAck });
      const traced = tel.startSend(message, id, returnAck);
      connection.busy();
      const sendId = id;
      traced
        .run(() => connection.open())
        .then(
          (socket) => {
            if (!pending.has(sendId)) return; // settled (timeout, abort) while connecting
            if (!connection.isCurrent(socket)) {
              // dropped between connecting and writing: nothing was sent, so retrying is safe
              pending.fail(
                sendId,
                new Hl7Error(
                  'connection',
                  `mllp connection to ${host}:${port} closed before sending`,
                  {
                    retryable: true,
                  },
                ),
              );
              return;
            }
            socket.write(frame);
            traced.written(frame.length);
          },
          (error: unknown) => {
            pending.fail(
              sendId,
              error instanceof Error
                ? error
                : new Hl7Error('connection', `mllp cannot connect to ${host}:${port}`, {
                    cause: error,
                    retryable: true,
                  }),
            );
          },
        );
      return traced.settle(result);
    },

    close() {
      closing ??= (async () => {
        pending.failAll(
          new Hl7Error('connection', 'mllp client closed before the reply arrived', {
            retryable: false,
          }),
        );
        await connection.close();
      })();
      return closing;
    },

    get connected() {
      return connection.state.kind === 'open';
    },
    get pending() {
      return pending.size;
    },
  };
}
