import { failureCode, guardLogger } from '@cerner-kit/core';
import net from 'node:net';
import { Hl7Error } from '../errors.js';
import { mllpInputError } from './input-error.js';
import { defaultGetControlId, type GetControlId } from './control-id.js';
import { MllpFrameDecoder } from './decoder.js';
import { encodeMllpFrame, type MllpEncoding } from './frame.js';
import { describeError, type MllpLogger } from './logger.js';

/** Options of {@link createMllpClient}. */
export interface MllpClientOptions {
  /** Server host name or address. */
  host: string;
  /** Server port (1-65535). */
  port: number;
  /** Gives up connecting after this many ms (error code `connection`: nothing was sent); default 5000. */
  connectTimeoutMs?: number;
  /** Default time to wait for each reply, from the call to `send`; default 30000. */
  responseTimeoutMs?: number;
  /** Closes the connection after this many ms with no send outstanding; default: keep it open. */
  idleTimeoutMs?: number;
  /** Largest reply payload accepted, in bytes; default 16 MiB. */
  maxFrameBytes?: number;
  /** Wire encoding, `'utf8'` (default) or `'latin1'`. */
  encoding?: MllpEncoding;
  /** After the connection drops, connect again on the next `send` (default true); when false such sends fail. */
  reconnect?: boolean;
  /**
   * Reads the id pairing a reply with its request. Default: MSH-10 of the request, MSA-2 of the
   * reply, read from raw text with the delimiters of MSH-1/MSH-2.
   */
  getControlId?: GetControlId;
  /** Structured logger; receives no message content. Default: silent. */
  logger?: MllpLogger;
}

/** Per-call options of {@link MllpClient.send}. */
export interface MllpSendOptions {
  /** Overrides `responseTimeoutMs` for this call. */
  timeoutMs?: number;
  /** Aborts the wait; the promise rejects with `signal.reason` (an `AbortError` DOMException unless it was an Error). */
  signal?: AbortSignal;
}

/** An MLLP connection to one server, opened lazily and shared by concurrent sends. */
export interface MllpClient {
  /**
   * Sends one message and waits for the reply whose MSA-2 equals its MSH-10. Several sends may be
   * outstanding at once on the one connection (pipelining); replies may come in any order.
   *
   * @returns the reply text (the whole frame; a NAK is returned, not thrown)
   * @throws Hl7Error `invalid_input` (message without a control id, one already awaiting a reply,
   *   or a framing byte in the text), `timeout` (no reply in time; retryable), `connection` (could
   *   not connect, connection dropped, or client closed), `frame_too_large` (the only outstanding
   *   send got an oversized reply)
   */
  send(message: string, opts?: MllpSendOptions): Promise<string>;
  /** Rejects outstanding sends (`connection`), closes the socket and resolves once it is closed. */
  close(): Promise<void>;
  /** Whether a connection is currently open. */
  readonly connected: boolean;
  /** Number of sends waiting for their reply. */
  readonly pending: number;
}

interface PendingSend {
  resolve: (reply: string) => void;
  reject: (error: Error) => void;
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error
    ? reason
    : new DOMException('The operation was aborted', 'AbortError');
}

function checkPositive(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
    throw mllpInputError(name, 'must be a positive number');
  }
}

/**
 * Creates an MLLP client on Node `net`. It connects on the first `send`, keeps the connection for
 * later sends, matches replies by control id, and reconnects on the next send after a drop.
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
  const { host, port } = options;
  if (typeof host !== 'string' || host === '') {
    throw mllpInputError('host', 'must be a non-empty string');
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw mllpInputError('port', 'must be an integer 1-65535');
  }
  checkPositive('connectTimeoutMs', options.connectTimeoutMs);
  checkPositive('responseTimeoutMs', options.responseTimeoutMs);
  checkPositive('idleTimeoutMs', options.idleTimeoutMs);
  if (options.getControlId !== undefined && typeof options.getControlId !== 'function') {
    throw mllpInputError('getControlId', 'must be a function');
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
  const encoding = options.encoding ?? 'utf8';
  const reconnect = options.reconnect ?? true;
  const getControlId = options.getControlId ?? defaultGetControlId;
  const logger = guardLogger(options.logger);
  const decoder = new MllpFrameDecoder({ maxFrameBytes: options.maxFrameBytes, encoding });

  const pending = new Map<string, PendingSend>();
  let socket: net.Socket | undefined;
  let connecting: Promise<net.Socket> | undefined;
  let everConnected = false;
  let dropped = false;
  let closed = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let connectingSocket: net.Socket | undefined;
  let closing: Promise<void> | undefined;

  const clearIdle = (): void => {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = undefined;
  };
  const armIdle = (): void => {
    clearIdle();
    if (options.idleTimeoutMs === undefined || socket === undefined || pending.size > 0) return;
    const idleSocket = socket;
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      if (pending.size > 0 || socket !== idleSocket) return;
      logger.debug('mllp client idle, closing connection', {
        idleTimeoutMs: options.idleTimeoutMs,
      });
      socket = undefined; // a deliberate close, not a drop: the next send connects again
      decoder.reset();
      idleSocket.destroy();
    }, options.idleTimeoutMs);
  };

  const rejectAll = (error: Hl7Error): void => {
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) p.reject(error);
  };

  const onReply = (reply: string): void => {
    let id: string | undefined;
    try {
      id = getControlId(reply, 'reply');
    } catch (error) {
      logger.warn('mllp client getControlId failed on a reply', describeError(error));
    }
    const waiting = id === undefined ? undefined : pending.get(id);
    if (id === undefined || waiting === undefined) {
      logger.warn('mllp client ignored a reply matching no outstanding send', {
        hasControlId: id !== undefined,
        outstanding: pending.size,
      });
      return;
    }
    pending.delete(id);
    waiting.resolve(reply);
    if (pending.size === 0) armIdle();
  };

  const attach = (s: net.Socket): void => {
    s.on('data', (chunk: Buffer) => {
      if (socket !== s) return;
      for (const event of decoder.push(chunk)) {
        if (event.type === 'frame') {
          onReply(event.message);
          continue;
        }
        logger.warn('mllp client dropped bytes from the server', {
          reason: event.reason,
          bytes: event.bytes,
        });
        if (event.reason === 'oversized' && pending.size === 1) {
          const [id, only] = [...pending][0]!;
          pending.delete(id);
          only.reject(
            new Hl7Error(
              'frame_too_large',
              `mllp reply exceeded maxFrameBytes (${event.bytes} bytes)`,
              { retryable: false },
            ),
          );
        }
      }
    });
    const drop = (why: string, cause?: unknown): void => {
      if (socket !== s) return;
      socket = undefined;
      dropped = true;
      clearIdle();
      decoder.reset();
      s.destroy();
      logger.warn('mllp client connection dropped', {
        reason: why,
        outstanding: pending.size,
        ...(cause ? describeError(cause) : {}),
      });
      rejectAll(
        new Hl7Error('connection', `mllp connection to ${host}:${port} ${why}`, {
          cause,
          retryable: true,
        }),
      );
    };
    s.on('end', () => drop('closed by the server'));
    s.on('error', (error) => drop('failed', error));
    s.on('close', () => drop('closed'));
  };

  const connect = (): Promise<net.Socket> =>
    new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        fail(
          new Hl7Error(
            'connection',
            `mllp connect to ${host}:${port} timed out after ${connectTimeoutMs} ms`,
            { retryable: true },
          ),
        );
      }, connectTimeoutMs);
      function cleanup(): void {
        clearTimeout(timer);
        s.off('connect', onConnect);
        s.off('error', onError);
        s.off('close', onClose);
      }
      function fail(error: Hl7Error): void {
        cleanup();
        s.destroy();
        reject(error);
      }
      function onError(error: Error): void {
        // The system code (ECONNREFUSED, ENOTFOUND …) says whether anything listens there.
        const code = failureCode(error);
        const why = code !== undefined ? ` (${code})` : '';
        fail(
          new Hl7Error('connection', `mllp cannot connect to ${host}:${port}${why}`, {
            cause: error,
            retryable: true,
          }),
        );
      }
      function onClose(): void {
        fail(
          new Hl7Error('connection', `mllp connect to ${host}:${port} aborted`, {
            retryable: !closed,
          }),
        );
      }
      function onConnect(): void {
        cleanup();
        if (closed) {
          s.destroy();
          reject(new Hl7Error('connection', 'mllp client is closed', { retryable: false }));
          return;
        }
        resolve(s);
      }
      s.once('connect', onConnect);
      s.once('error', onError);
      s.once('close', onClose);
      connectingSocket = s;
    });

  const ensureConnected = async (): Promise<net.Socket> => {
    if (socket !== undefined) return socket;
    if (dropped && !reconnect) {
      throw new Hl7Error(
        'connection',
        `mllp connection to ${host}:${port} was lost and reconnect is off`,
        { retryable: false },
      );
    }
    connecting ??= connect()
      .then((s) => {
        logger.debug('mllp client connected', { host, port, reconnected: everConnected });
        everConnected = true;
        dropped = false;
        decoder.reset();
        socket = s;
        attach(s);
        return s;
      })
      .finally(() => {
        connecting = undefined;
        connectingSocket = undefined;
      });
    return connecting;
  };

  return {
    async send(message, opts = {}) {
      if (closed) throw new Hl7Error('connection', 'mllp client is closed', { retryable: false });
      if (typeof message !== 'string') throw mllpInputError('message', 'must be a string');
      const timeoutMs = opts.timeoutMs ?? responseTimeoutMs;
      checkPositive('timeoutMs', timeoutMs);
      const frame = encodeMllpFrame(message, encoding);
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
      const { signal } = opts;
      if (signal?.aborted) throw abortReason(signal);

      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const result = new Promise<string>((resolve, reject) => {
        const finish = (): void => {
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        const onAbort = (): void => {
          if (pending.get(id) !== entry) return;
          pending.delete(id);
          finish();
          reject(abortReason(signal));
          if (pending.size === 0) armIdle();
        };
        const entry: PendingSend = {
          resolve: (reply) => {
            finish();
            resolve(reply);
          },
          reject: (error) => {
            finish();
            reject(error);
          },
        };
        pending.set(id, entry);
        clearIdle();
        timer = setTimeout(() => {
          if (pending.get(id) !== entry) return;
          pending.delete(id);
          finish();
          logger.warn('mllp client reply timed out', { timeoutMs });
          reject(
            new Hl7Error('timeout', `mllp reply not received within ${timeoutMs} ms`, {
              retryable: true,
            }),
          );
          if (pending.size === 0) armIdle();
        }, timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
      });

      const fail = (error: Error): void => {
        const entry = pending.get(id);
        if (settled || entry === undefined) return;
        pending.delete(id);
        entry.reject(error);
      };
      ensureConnected().then(
        (s) => {
          if (settled) return;
          if (socket !== s || s.destroyed) {
            // dropped between connecting and writing: nothing was sent, so retrying is safe
            fail(
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
          s.write(frame);
        },
        (error: unknown) => {
          fail(
            error instanceof Error
              ? error
              : new Hl7Error('connection', `mllp cannot connect to ${host}:${port}`, {
                  cause: error,
                  retryable: true,
                }),
          );
        },
      );
      return result;
    },

    close() {
      closing ??= (async () => {
        closed = true;
        clearIdle();
        rejectAll(
          new Hl7Error('connection', 'mllp client closed before the reply arrived', {
            retryable: false,
          }),
        );
        const toClose = [socket, connectingSocket].filter(
          (s): s is net.Socket => s !== undefined && !s.closed,
        );
        socket = undefined;
        decoder.reset();
        await Promise.all(
          toClose.map(
            (s) =>
              new Promise<void>((resolve) => {
                s.once('close', () => resolve());
                s.destroy();
              }),
          ),
        );
        if (connecting) await connecting.catch(() => undefined);
      })();
      return closing;
    },

    get connected() {
      return socket !== undefined;
    },
    get pending() {
      return pending.size;
    },
  };
}
