import type { MllpFrameInfo } from './charset.js';
import { MllpFrameDecoder, type MllpFrameErrorReason } from './decoder.js';
import type { MllpEncoding } from './frame.js';
import { mllpInputError } from './input-error.js';
import { guardMllpLogger, type MllpLogger } from './logger.js';
import { systemTimers, type MllpTimers } from './timers.js';

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
  /**
   * Read each frame in the character set its MSH-18 declares (`8859/1`, `UNICODE UTF-8`; empty
   * or `ASCII`: `encoding`), strictly, and write each reply in the one its own MSH-18 declares.
   * A frame that cannot be decoded still reaches `onMessage`, flagged in its third argument
   * (`frame.undecodable`), so the handler can refuse it. Default false: every frame and reply
   * in `encoding`.
   */
  msh18?: boolean;
  /**
   * Closes a connection on which no frame has started for this long (ms), counted from the
   * connection's start or the end of the last frame's handling; bytes outside frames do not
   * count as activity. Default 60000, 0 disables.
   */
  idleTimeoutMs?: number;
  /**
   * A frame must be complete this long (ms) after its 0x0B arrived, however fast or slowly its
   * bytes come in; otherwise it is dropped (`timeout`) and the connection closed. Default 60000,
   * 0 disables.
   */
  frameTimeoutMs?: number;
  /** Refuses connections beyond this many at once (Node closes them immediately); default 100. */
  maxConnections?: number;
  /**
   * Most bytes held across all connections: partial frames plus frames waiting for the handler.
   * The connection whose bytes would pass it has its partial frame dropped (`overloaded`) and is
   * closed; the others are untouched. Default 64 MiB (at least `maxFrameBytes`).
   */
  maxBufferedBytes?: number;
  /**
   * Handles one message. Calls are serialized per connection, so replies go out in the order the
   * frames came in. The returned string (usually an ACK) is framed and sent back; an array sends
   * several messages in order (a commit ACK, then the application ACK); `undefined` sends
   * nothing. A throw or rejection is logged (without the message) and the connection stays open
   * for the next frame. `frame` says how the bytes were read (see `msh18`).
   */
  onMessage: (
    message: string,
    ctx: MllpConnectionContext,
    frame: MllpFrameInfo,
  ) => MllpReply | Promise<MllpReply>;
  /**
   * Called, in stream order, for bytes that were dropped (garbage, oversized or unterminated
   * frames); may return a reply to send, such as an AR ACK. For `timeout` and `overloaded` the
   * connection is being closed and a reply is not sent. Errors it throws are logged.
   */
  onFrameError?: (
    reason: MllpFrameErrorReason,
    ctx: MllpConnectionContext,
    info: MllpFrameErrorInfo,
  ) => string | undefined | Promise<string | undefined>;
  /** Structured logger; receives no message content. A logger that throws is ignored. Default: silent. */
  logger?: MllpLogger;
  /** Timer functions for the idle and frame deadlines (tests); default the global ones. */
  timers?: MllpTimers;
}

/**
 * What a server handler answers: one message, several in order, or nothing.
 *
 * @example
 * ```ts
 * const reply: MllpReply = [commitAck, applicationAck];
 * ```
 */
export type MllpReply = string | readonly string[] | undefined;

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
  /** Bytes held across all connections (partial frames and frames waiting for the handler). */
  readonly bufferedBytes: number;
}

/** @internal {@link MllpServerOptions} validated, with every default filled in. */
export interface ResolvedServerOptions {
  host: string;
  port: number;
  maxFrameBytes: number | undefined;
  encoding: MllpEncoding;
  msh18: boolean;
  idleTimeoutMs: number;
  frameTimeoutMs: number;
  maxConnections: number;
  maxBufferedBytes: number;
  onMessage: MllpServerOptions['onMessage'];
  onFrameError: MllpServerOptions['onFrameError'];
  logger: MllpLogger;
  timers: MllpTimers;
}

/**
 * Default of `maxConnections`: 100 connections at once.
 *
 * @example
 * ```ts
 * createMllpServer({ onMessage, maxConnections: DEFAULT_MAX_CONNECTIONS / 4 });
 * ```
 */
export const DEFAULT_MAX_CONNECTIONS = 100;
/**
 * Default of `maxBufferedBytes`: 64 MiB across all connections.
 *
 * @example
 * ```ts
 * createMllpServer({ onMessage, maxBufferedBytes: DEFAULT_MAX_BUFFERED_BYTES * 2 });
 * ```
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/** Largest delay Node's timers can hold (2^31 - 1 ms); longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function timeout(name: string, value: number | undefined, fallback: number): number {
  const ms = value ?? fallback;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_TIMER_MS) {
    throw mllpInputError(name, `must be a number of ms from 0 to ${MAX_TIMER_MS}`);
  }
  return ms;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 1) throw mllpInputError(name, 'must be a positive integer');
  return n;
}

/**
 * @internal Validates the options of {@link createMllpServer}, naming the field at fault.
 * @throws Hl7Error `invalid_input`
 */
export function resolveServerOptions(options: MllpServerOptions): ResolvedServerOptions {
  if (typeof options !== 'object' || options === null) {
    throw mllpInputError('options', 'must be an object');
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') {
    throw mllpInputError('host', 'must be a non-empty string');
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw mllpInputError('port', 'must be an integer 0-65535');
  }
  if (typeof options.onMessage !== 'function') {
    throw mllpInputError('onMessage', 'must be a function');
  }
  if (options.onFrameError !== undefined && typeof options.onFrameError !== 'function') {
    throw mllpInputError('onFrameError', 'must be a function');
  }
  const timers = options.timers ?? systemTimers;
  if (typeof timers.setTimeout !== 'function' || typeof timers.clearTimeout !== 'function') {
    throw mllpInputError('timers', 'must have setTimeout and clearTimeout functions');
  }
  const encoding = options.encoding ?? 'utf8';
  // validates maxFrameBytes and encoding early
  new MllpFrameDecoder({ maxFrameBytes: options.maxFrameBytes, encoding });
  const maxBufferedBytes = positiveInteger(
    'maxBufferedBytes',
    options.maxBufferedBytes,
    Math.max(DEFAULT_MAX_BUFFERED_BYTES, options.maxFrameBytes ?? 0),
  );
  return {
    host,
    port,
    maxFrameBytes: options.maxFrameBytes,
    encoding,
    msh18: options.msh18 === true,
    idleTimeoutMs: timeout('idleTimeoutMs', options.idleTimeoutMs, 60_000),
    frameTimeoutMs: timeout('frameTimeoutMs', options.frameTimeoutMs, 60_000),
    maxConnections: positiveInteger(
      'maxConnections',
      options.maxConnections,
      DEFAULT_MAX_CONNECTIONS,
    ),
    maxBufferedBytes,
    onMessage: options.onMessage,
    onFrameError: options.onFrameError,
    logger: guardMllpLogger(options.logger),
    timers,
  };
}
