import net from 'node:net';
import { Hl7Error } from '../errors.js';
import { describeError } from './logger.js';
import { serveConnection, type ServerShared } from './server-connection.js';
import { resolveServerOptions, type MllpServer, type MllpServerOptions } from './server-options.js';

export type {
  MllpConnectionContext,
  MllpFrameErrorInfo,
  MllpReply,
  MllpServer,
  MllpServerOptions,
} from './server-options.js';

/**
 * Creates an MLLP listener on Node `net`. Each connection has its own decoder, so one peer's bad
 * bytes never affect another peer or the frames that follow on the same connection. Bounded
 * everywhere: connections (`maxConnections`), one frame (`maxFrameBytes`), bytes held across all
 * connections (`maxBufferedBytes`), the time a frame may take to arrive (`frameTimeoutMs`) and
 * idle connections (`idleTimeoutMs`). A logger that throws is ignored.
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
  const o = resolveServerOptions(options);
  const { host, port, logger } = o;
  const shared: ServerShared = { options: o, sockets: new Set(), buffered: 0, nextConnectionId: 1 };
  let bound: { host: string; port: number } | undefined;
  let closing: Promise<void> | undefined;

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    if (closing) socket.destroy();
    else serveConnection(socket, shared);
  });
  server.maxConnections = o.maxConnections;
  server.on('drop', (data?: { remoteAddress?: string }) => {
    logger.warn('mllp connection refused: maxConnections reached', {
      remoteAddress: data?.remoteAddress,
    });
  });
  server.on('error', (error) => {
    logger.error('mllp server error', describeError(error));
  });

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
        const socketsClosed = [...shared.sockets].map(
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
      return shared.sockets.size;
    },
    get bufferedBytes() {
      return shared.buffered;
    },
  };
}
