import { guardLogger } from '@cerner-kit/core';
import net from 'node:net';
import { Hl7Error } from '../errors.js';
import { mllpInputError } from './input-error.js';
import { MllpFrameDecoder, type MllpDecodeEvent, type MllpFrameErrorReason } from './decoder.js';
import { encodeMllpFrame, type MllpEncoding } from './frame.js';
import { describeError, type MllpLogger } from './logger.js';

/** Facts about the connection a frame arrived on (no message content). */
export interface MllpConnectionContext {
  /** The peer's IP address, when known. */
  remoteAddress?: string;
  /** The peer's port, when known. */
  remotePort?: number;
  /** Sequential id of the connection within this server, from 1. */
  connectionId: number;
  /**
   * Closes this connection now (the socket is destroyed): frames queued behind the current one are
   * not handled and no reply is sent. For fault injection and tests, such as an ACK lost after the
   * message was stored; a normal handler just returns its reply. Not enumerable, so `{ ...ctx }`
   * in a log line stays plain data.
   */
  readonly close: () => void;
}

/** Extra facts about a dropped frame, given to {@link MllpServerOptions.onFrameError}. */
export interface MllpFrameErrorInfo {
  /** How many bytes were dropped. */
  bytes: number;
}

/** Options of {@link createMllpServer}. */
export interface MllpServerOptions {
  /** Interface to bind. Default `'127.0.0.1'`: never all interfaces unless you say so (`'0.0.0.0'`/`'::'`). */
  host?: string;
  /** TCP port; default 0 (any free port, see the result of `listen()`). */
  port?: number;
  /** Largest frame payload accepted, in bytes; default 16 MiB. Bigger frames are dropped (`oversized`). */
  maxFrameBytes?: number;
  /** Wire encoding, `'utf8'` (default) or `'latin1'`. */
  encoding?: MllpEncoding;
  /** Closes a connection silent for this long (ms), unless a message is being handled; default 60000, 0 disables. */
  idleTimeoutMs?: number;
  /** Refuses connections beyond this many at once (Node closes them immediately); default unlimited. */
  maxConnections?: number;
  /**
   * Handles one message. Calls are serialized per connection, so replies go out in the order the
   * frames came in. The returned string (usually an ACK) is framed and sent back; `undefined`
   * sends nothing. A throw or rejection is logged (without the message) and the connection stays
   * open for the next frame.
   */
  onMessage: (
    message: string,
    ctx: MllpConnectionContext,
  ) => string | undefined | Promise<string | undefined>;
  /**
   * Called, in stream order, for bytes that were dropped (garbage, oversized or unterminated
   * frames); may return a reply to send, such as an AR ACK. Errors it throws are logged.
   */
  onFrameError?: (
    reason: MllpFrameErrorReason,
    ctx: MllpConnectionContext,
    info: MllpFrameErrorInfo,
  ) => string | undefined | Promise<string | undefined>;
  /** Structured logger; receives no message content. Default: silent. */
  logger?: MllpLogger;
}

/** A running (or not yet started) MLLP listener. */
export interface MllpServer {
  /**
   * Starts listening.
   *
   * @returns the bound host and port
   * @throws Hl7Error `connection` (not retryable) when the address cannot be bound, e.g. in use
   */
  listen(): Promise<{ host: string; port: number }>;
  /** Stops listening, closes every connection, and resolves once all are closed. Idempotent. */
  close(): Promise<void>;
  /** The bound address while listening. */
  readonly address: { host: string; port: number } | undefined;
  /** Number of open connections. */
  readonly connections: number;
}

/** Pause reading from a connection when this many frames wait to be handled. */
const MAX_QUEUED_FRAMES = 64;

/**
 * Creates an MLLP listener on Node `net`. Each connection has its own decoder, so one peer's bad
 * bytes never affect another peer or the frames that follow on the same connection.
 *
 * @param options - bind address, limits and the message handler
 * @returns a server; call `listen()` to start it
 * @throws Hl7Error `invalid_input` naming the option when an option is malformed
 * @example
 * ```ts
 * const server = createMllpServer({
 *   port: 2575,
 *   onMessage: (message) => buildAck(parseHl7(message), 'AA').toString(),
 *   onFrameError: (reason) => undefined,
 *   logger,
 * });
 * const { host, port } = await server.listen(); // host '127.0.0.1'
 * // ...
 * await server.close();
 * ```
 */
export function createMllpServer(options: MllpServerOptions): MllpServer {
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') {
    throw mllpInputError('host', 'must be a non-empty string');
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw mllpInputError('port', 'must be an integer 0-65535');
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  if (!Number.isFinite(idleTimeoutMs) || idleTimeoutMs < 0) {
    throw mllpInputError('idleTimeoutMs', 'must be a number >= 0');
  }
  if (
    options.maxConnections !== undefined &&
    (!Number.isInteger(options.maxConnections) || options.maxConnections < 1)
  ) {
    throw mllpInputError('maxConnections', 'must be a positive integer');
  }
  if (typeof options.onMessage !== 'function') {
    throw mllpInputError('onMessage', 'must be a function');
  }
  if (options.onFrameError !== undefined && typeof options.onFrameError !== 'function') {
    throw mllpInputError('onFrameError', 'must be a function');
  }
  const encoding = options.encoding ?? 'utf8';
  // validates maxFrameBytes and encoding early
  new MllpFrameDecoder({ maxFrameBytes: options.maxFrameBytes, encoding });
  const logger = guardLogger(options.logger);

  const sockets = new Set<net.Socket>();
  let nextConnectionId = 1;
  let bound: { host: string; port: number } | undefined;
  let closing: Promise<void> | undefined;

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) =>
    handleConnection(socket),
  );
  if (options.maxConnections !== undefined) server.maxConnections = options.maxConnections;
  server.on('drop', (data?: { remoteAddress?: string }) => {
    logger.warn('mllp connection refused: maxConnections reached', {
      remoteAddress: data?.remoteAddress,
    });
  });
  server.on('error', (error) => {
    logger.error('mllp server error', describeError(error));
  });

  function handleConnection(socket: net.Socket): void {
    const ctx = Object.freeze(
      Object.defineProperty(
        {
          remoteAddress: socket.remoteAddress,
          remotePort: socket.remotePort,
          connectionId: nextConnectionId++,
        },
        'close',
        {
          value: (): void => {
            closed = true; // frames queued behind this one are not handled
            socket.destroy();
          },
          enumerable: false,
        },
      ),
    ) as MllpConnectionContext;
    if (closing) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    const decoder = new MllpFrameDecoder({ maxFrameBytes: options.maxFrameBytes, encoding });
    let chain: Promise<void> = Promise.resolve();
    let queued = 0;
    let busy = 0;
    let closed = false;
    let peerEnded = false;
    let idleTimer: NodeJS.Timeout | undefined;
    logger.debug('mllp connection opened', { ...ctx });

    const clearIdle = (): void => {
      if (idleTimer !== undefined) clearTimeout(idleTimer);
      idleTimer = undefined;
    };
    const armIdle = (): void => {
      clearIdle();
      if (idleTimeoutMs === 0 || closed || busy > 0) return;
      idleTimer = setTimeout(() => {
        idleTimer = undefined;
        if (busy > 0 || closed) return;
        logger.info('mllp connection idle, closing', {
          connectionId: ctx.connectionId,
          idleTimeoutMs,
        });
        socket.destroy();
      }, idleTimeoutMs);
    };

    const write = (reply: string | undefined): void => {
      if (reply === undefined) return;
      if (typeof reply !== 'string') {
        logger.error('mllp handler returned a non-string reply; nothing sent', {
          connectionId: ctx.connectionId,
        });
        return;
      }
      if (closed || socket.destroyed || !socket.writable) {
        logger.warn('mllp reply not sent: connection closed', { connectionId: ctx.connectionId });
        return;
      }
      let frame: Buffer;
      try {
        frame = encodeMllpFrame(reply, encoding);
      } catch (error) {
        logger.error('mllp reply not sent: cannot frame it', {
          connectionId: ctx.connectionId,
          ...describeError(error),
        });
        return;
      }
      socket.write(frame);
    };

    const handle = async (event: MllpDecodeEvent): Promise<void> => {
      if (closed) return;
      if (event.type === 'frame') {
        let reply: string | undefined;
        try {
          reply = await options.onMessage(event.message, ctx);
        } catch (error) {
          logger.error('mllp onMessage failed', {
            connectionId: ctx.connectionId,
            ...describeError(error),
          });
          return;
        }
        write(reply);
        return;
      }
      logger.warn('mllp bytes dropped', {
        connectionId: ctx.connectionId,
        reason: event.reason,
        bytes: event.bytes,
      });
      if (!options.onFrameError) return;
      let reply: string | undefined;
      try {
        reply = await options.onFrameError(event.reason, ctx, { bytes: event.bytes });
      } catch (error) {
        logger.error('mllp onFrameError failed', {
          connectionId: ctx.connectionId,
          ...describeError(error),
        });
        return;
      }
      write(reply);
    };

    const enqueue = (events: MllpDecodeEvent[]): void => {
      for (const event of events) {
        queued++;
        busy++;
        clearIdle();
        if (queued >= MAX_QUEUED_FRAMES) socket.pause();
        chain = chain
          .then(() => handle(event))
          .catch((error: unknown) => {
            logger.error('mllp connection handler failed', {
              connectionId: ctx.connectionId,
              ...describeError(error),
            });
          })
          .finally(() => {
            queued--;
            busy--;
            if (queued < MAX_QUEUED_FRAMES / 2 && socket.isPaused() && !closed) socket.resume();
            if (busy === 0) {
              if (peerEnded && !closed) socket.end();
              else armIdle();
            }
          });
      }
    };

    socket.on('data', (chunk: Buffer) => {
      armIdle();
      enqueue(decoder.push(chunk));
    });
    socket.on('end', () => {
      // The peer half-closed: answer what it sent, then close our side.
      peerEnded = true;
      enqueue(decoder.end());
      if (busy === 0 && !closed) socket.end();
    });
    socket.on('error', (error) => {
      logger.debug('mllp connection error', {
        connectionId: ctx.connectionId,
        ...describeError(error),
      });
    });
    socket.on('close', () => {
      closed = true;
      clearIdle();
      sockets.delete(socket);
      if (queued > 0) {
        logger.warn('mllp connection closed with frames not yet handled', {
          connectionId: ctx.connectionId,
          frames: queued,
        });
      }
      logger.debug('mllp connection closed', { connectionId: ctx.connectionId });
    });
    armIdle();
  }

  return {
    listen() {
      if (closing) {
        return Promise.reject(
          new Hl7Error('connection', 'mllp server is closed', { retryable: false }),
        );
      }
      if (bound) return Promise.resolve({ ...bound });
      return new Promise((resolve, reject) => {
        const onError = (error: Error): void => {
          server.off('listening', onListening);
          reject(
            new Hl7Error('connection', `mllp server cannot listen on ${host}:${port}`, {
              cause: error,
              retryable: false,
            }),
          );
        };
        const onListening = (): void => {
          server.off('error', onError);
          const addr = server.address() as net.AddressInfo;
          bound = { host: addr.address, port: addr.port };
          logger.info('mllp server listening', { ...bound });
          resolve({ ...bound });
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen({ host, port, exclusive: true });
      });
    },
    close() {
      closing ??= (async () => {
        const socketsClosed = [...sockets].map(
          (socket) =>
            new Promise<void>((resolve) => {
              socket.once('close', () => resolve());
              socket.destroy();
            }),
        );
        if (server.listening) {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          logger.info('mllp server closed');
        }
        await Promise.all(socketsClosed);
        // The listening handle is released in the event loop's close-callbacks phase, after 'close'
        // was emitted; two check phases later it is surely gone (no leaked handle once we resolve).
        for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
        bound = undefined;
      })();
      return closing;
    },
    get address() {
      return bound ? { ...bound } : undefined;
    },
    get connections() {
      return sockets.size;
    },
  };
}
