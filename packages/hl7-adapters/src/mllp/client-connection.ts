import net from 'node:net';
import { Hl7Error } from '../errors.js';
import type { ResolvedClientOptions } from './client-options.js';
import { MllpFrameDecoder, type MllpDecodeEvent } from './decoder.js';
import { describeError } from './logger.js';
import { MllpTimer } from './timers.js';

/**
 * Where a client's connection stands. Exactly one of these at a time:
 * - `idle`: no socket (never connected, or closed after `idleTimeoutMs`); the next send connects;
 * - `connecting`: a socket is being opened; concurrent sends share `ready`;
 * - `open`: connected; sends write to `socket`;
 * - `dropped`: the connection was lost (server closed it, network error); the next send
 *   connects again when `reconnect` is on, else fails;
 * - `closed`: `close()` was called; every send fails.
 *
 * @example
 * ```ts
 * const describe = (s: ClientConnectionState) => (s.kind === 'open' ? s.socket.remotePort : s.kind);
 * ```
 */
export type ClientConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; socket: net.Socket; ready: Promise<net.Socket> }
  | { kind: 'open'; socket: net.Socket }
  | { kind: 'dropped' }
  | { kind: 'closed' };

/** @internal What the connection reports to its client. */
export interface ClientConnectionEvents {
  /** A complete frame (or a report of dropped bytes) from the server. */
  onEvent(event: MllpDecodeEvent): void;
  /** The connection was lost; every outstanding send must fail with `error`. */
  onDrop(error: Hl7Error): void;
}

/**
 * @internal The one TCP connection of an MLLP client, as an explicit state machine
 * ({@link ClientConnectionState}): it opens lazily, de-frames what the server sends, reports a
 * drop once, closes itself after `idleTimeoutMs` with nothing outstanding, and reconnects on
 * demand when `reconnect` is on.
 */
export class ClientConnection {
  readonly #o: ResolvedClientOptions;
  readonly #events: ClientConnectionEvents;
  readonly #decoder: MllpFrameDecoder;
  readonly #idle: MllpTimer;
  #state: ClientConnectionState = { kind: 'idle' };
  #everConnected = false;

  constructor(options: ResolvedClientOptions, events: ClientConnectionEvents) {
    this.#o = options;
    this.#events = events;
    this.#decoder = new MllpFrameDecoder({
      maxFrameBytes: options.maxFrameBytes,
      encoding: options.encoding,
    });
    this.#idle = new MllpTimer(options.timers);
  }

  get state(): ClientConnectionState {
    return this.#state;
  }

  /** The open socket, or a connected one once connecting finishes. */
  open(): Promise<net.Socket> {
    const s = this.#state;
    const { host, port } = this.#o;
    switch (s.kind) {
      case 'open':
        return Promise.resolve(s.socket);
      case 'connecting':
        return s.ready;
      case 'closed':
        return Promise.reject(
          new Hl7Error('connection', 'mllp client is closed', { retryable: false }),
        );
      case 'dropped':
        if (!this.#o.reconnect) {
          return Promise.reject(
            new Hl7Error(
              'connection',
              `mllp connection to ${host}:${port} was lost and reconnect is off`,
              { retryable: false },
            ),
          );
        }
        return this.#connect();
      case 'idle':
        return this.#connect();
    }
  }

  /** Whether `socket` is still the open connection (it may have dropped while a send waited). */
  isCurrent(socket: net.Socket): boolean {
    return this.#state.kind === 'open' && this.#state.socket === socket && !socket.destroyed;
  }

  /** Stops the idle timer (a send is outstanding). */
  busy(): void {
    this.#idle.clear();
  }

  /** Nothing is outstanding: close the connection after `idleTimeoutMs`, if set. */
  quiet(): void {
    this.#idle.clear();
    const ms = this.#o.idleTimeoutMs;
    const s = this.#state;
    if (ms === undefined || s.kind !== 'open') return;
    this.#idle.arm(ms, () => {
      if (this.#state !== s) return;
      this.#o.logger.debug('mllp client idle, closing connection', { idleTimeoutMs: ms });
      this.#state = { kind: 'idle' }; // a deliberate close, not a drop: the next send connects
      this.#decoder.reset();
      s.socket.destroy();
    });
  }

  /** Closes for good; resolves once the socket (and one being opened) is closed. */
  async close(): Promise<void> {
    const s = this.#state;
    this.#state = { kind: 'closed' };
    this.#idle.clear();
    this.#decoder.reset();
    const socket = s.kind === 'open' || s.kind === 'connecting' ? s.socket : undefined;
    if (socket && !socket.closed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
    if (s.kind === 'connecting') await s.ready.catch(() => undefined);
  }

  #connect(): Promise<net.Socket> {
    const { host, port, connectTimeoutMs, logger } = this.#o;
    const socket = net.connect({ host, port, noDelay: true });
    const ready = new Promise<net.Socket>((resolve, reject) => {
      const timer = new MllpTimer(this.#o.timers);
      const cleanup = (): void => {
        timer.clear();
        socket.off('connect', onConnect);
        socket.off('error', onError);
        socket.off('close', onClose);
      };
      const fail = (error: Hl7Error): void => {
        cleanup();
        socket.destroy();
        if (this.#state.kind === 'connecting' && this.#state.socket === socket) {
          this.#state = { kind: this.#everConnected ? 'dropped' : 'idle' };
        }
        reject(error);
      };
      const onError = (error: Error): void => {
        // The system code (ECONNREFUSED, ENOTFOUND …) says whether anything listens there.
        const code = (error as { code?: unknown }).code;
        const why = typeof code === 'string' && /^E[A-Z]+$/.test(code) ? ` (${code})` : '';
        fail(
          new Hl7Error('connection', `mllp cannot connect to ${host}:${port}${why}`, {
            cause: error,
            retryable: true,
          }),
        );
      };
      const onClose = (): void => {
        fail(
          new Hl7Error('connection', `mllp connect to ${host}:${port} aborted`, {
            retryable: this.#state.kind !== 'closed',
          }),
        );
      };
      const onConnect = (): void => {
        cleanup();
        if (this.#state.kind === 'closed') {
          socket.destroy();
          reject(new Hl7Error('connection', 'mllp client is closed', { retryable: false }));
          return;
        }
        logger.debug('mllp client connected', { host, port, reconnected: this.#everConnected });
        this.#everConnected = true;
        this.#decoder.reset();
        this.#state = { kind: 'open', socket };
        this.#attach(socket);
        resolve(socket);
      };
      timer.arm(connectTimeoutMs, () => {
        fail(
          new Hl7Error(
            'connection',
            `mllp connect to ${host}:${port} timed out after ${connectTimeoutMs} ms`,
            { retryable: true },
          ),
        );
      });
      socket.once('connect', onConnect);
      socket.once('error', onError);
      socket.once('close', onClose);
    });
    this.#state = { kind: 'connecting', socket, ready };
    return ready;
  }

  #attach(socket: net.Socket): void {
    const { host, port, logger } = this.#o;
    socket.on('data', (chunk: Buffer) => {
      if (!this.isCurrent(socket)) return;
      for (const event of this.#decoder.push(chunk)) this.#events.onEvent(event);
    });
    const drop = (why: string, cause?: unknown): void => {
      if (this.#state.kind !== 'open' || this.#state.socket !== socket) return;
      this.#state = { kind: 'dropped' };
      this.#idle.clear();
      this.#decoder.reset();
      socket.destroy();
      logger.warn('mllp client connection dropped', {
        reason: why,
        ...(cause ? describeError(cause) : {}),
      });
      this.#events.onDrop(
        new Hl7Error('connection', `mllp connection to ${host}:${port} ${why}`, {
          cause,
          retryable: true,
        }),
      );
    };
    socket.on('end', () => drop('closed by the server'));
    socket.on('error', (error) => drop('failed', error));
    socket.on('close', () => drop('closed'));
  }
}
