import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { MllpConnectionContext } from '@cerner-kit/hl7-adapters';

/**
 * The open sockets of one MLLP listener, so that a `drop` fault can close the connection a message
 * came in on. hl7-adapters' MLLP server hands its message handler the peer's address and port,
 * not the socket, so the sockets are picked up from Node's `net.server.socket` diagnostics
 * channel (published for every accepted TCP connection) and kept by local port and peer.
 */
export interface MllpConnections {
  /** Starts tracking the connections accepted on this bound address. */
  watch(bound: { host: string; port: number }): void;
  /**
   * Destroys the connection of a message.
   *
   * @returns false when it is not known (already closed)
   */
  destroy(ctx: MllpConnectionContext): boolean;
  /** Stops tracking (the listener closed). */
  stop(): void;
}

const CHANNEL = 'net.server.socket';
const WILDCARD = new Set(['0.0.0.0', '::']);

const peerKey = (address: string | undefined, port: number | undefined): string =>
  `${address ?? ''}|${port ?? ''}`;

/**
 * Creates the socket registry of one MLLP listener.
 *
 * @returns a registry; call `watch()` once the listener is bound, `stop()` when it closes
 * @example
 * ```ts
 * const connections = createMllpConnections();
 * connections.watch(await server.listen());
 * ```
 */
export function createMllpConnections(): MllpConnections {
  const sockets = new Map<string, Socket>();
  let bound: { host: string; port: number } | undefined;
  const onSocket = (data: unknown): void => {
    const socket = (data as { socket?: Socket }).socket;
    if (!bound || !socket || socket.localPort !== bound.port) return;
    if (!WILDCARD.has(bound.host) && socket.localAddress !== bound.host) return;
    const key = peerKey(socket.remoteAddress, socket.remotePort);
    sockets.set(key, socket);
    socket.once('close', () => {
      if (sockets.get(key) === socket) sockets.delete(key);
    });
  };
  let subscribed = false;
  return {
    watch(address) {
      bound = { ...address };
      if (!subscribed) diagnosticsChannel.subscribe(CHANNEL, onSocket);
      subscribed = true;
    },
    destroy(ctx) {
      const socket = sockets.get(peerKey(ctx.remoteAddress, ctx.remotePort));
      if (!socket || socket.destroyed) return false;
      socket.destroy();
      return true;
    },
    stop() {
      if (subscribed) diagnosticsChannel.unsubscribe(CHANNEL, onSocket);
      subscribed = false;
      bound = undefined;
      sockets.clear();
    },
  };
}
