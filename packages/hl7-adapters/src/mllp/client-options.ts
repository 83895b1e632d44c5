import { defaultGetControlId, type GetControlId } from './control-id.js';
import { MllpFrameDecoder } from './decoder.js';
import type { MllpEncoding } from './frame.js';
import { mllpInputError } from './input-error.js';
import { guardMllpLogger, type MllpLogger } from './logger.js';
import { systemTimers, type MllpTimers } from './timers.js';
import type { TelemetryOptions } from '../telemetry/telemetry-options.js';

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
  /** Structured logger; receives no message content. A logger that throws is ignored. Default: silent. */
  logger?: MllpLogger;
  /** Timer functions for the connect, reply and idle timeouts (tests); default the global ones. */
  timers?: MllpTimers;
  /**
   * OpenTelemetry providers for the `hl7 send` spans and metrics (default: the global ones, a
   * no-op without an SDK), or `false` for none. See the README, "Telemetry".
   */
  telemetry?: TelemetryOptions;
}

/**
 * Which reply settles a send: `first` (default) the first one whose MSA-2 matches; `application`
 * skips a commit accept (`CA`, enhanced acknowledgement mode, MSH-15) and waits for the
 * application acknowledgement that follows it as its own message (a `CE`/`CR` settles the send,
 * since no application acknowledgement follows a refused commit).
 *
 * @example
 * ```ts
 * await client.send(oruWithMsh15Al, { returnAck: MllpReturnAck.application });
 * ```
 */
export const MllpReturnAck = { first: 'first', application: 'application' } as const;
export type MllpReturnAck = (typeof MllpReturnAck)[keyof typeof MllpReturnAck];

/** Per-call options of {@link MllpClient.send}. */
export interface MllpSendOptions {
  /** Overrides `responseTimeoutMs` for this call. */
  timeoutMs?: number;
  /** Aborts the wait; the promise rejects with `signal.reason` (an `AbortError` DOMException unless it was an Error). */
  signal?: AbortSignal;
  /** `first` (default) or `application`: see {@link MllpReturnAck}. */
  returnAck?: MllpReturnAck;
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

/** @internal {@link MllpClientOptions} validated, with every default filled in. */
export interface ResolvedClientOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  idleTimeoutMs: number | undefined;
  maxFrameBytes: number | undefined;
  encoding: MllpEncoding;
  reconnect: boolean;
  getControlId: GetControlId;
  logger: MllpLogger;
  timers: MllpTimers;
  telemetry: TelemetryOptions | undefined;
}

/** Largest delay Node's timers can hold (2^31 - 1 ms); longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * @internal Refuses a timeout that is not a positive number of ms Node's timers can hold.
 * @throws Hl7Error `invalid_input` naming the option
 */
export function checkTimeout(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw mllpInputError(name, `must be a positive number of ms up to ${MAX_TIMER_MS}`);
  }
}

/**
 * @internal Validates the options of {@link createMllpClient}, naming the field at fault.
 * @throws Hl7Error `invalid_input`
 */
export function resolveClientOptions(options: MllpClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw mllpInputError('options', 'must be an object');
  }
  const { host, port } = options;
  if (typeof host !== 'string' || host === '') {
    throw mllpInputError('host', 'must be a non-empty string');
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw mllpInputError('port', 'must be an integer 1-65535');
  }
  checkTimeout('connectTimeoutMs', options.connectTimeoutMs);
  checkTimeout('responseTimeoutMs', options.responseTimeoutMs);
  checkTimeout('idleTimeoutMs', options.idleTimeoutMs);
  if (options.getControlId !== undefined && typeof options.getControlId !== 'function') {
    throw mllpInputError('getControlId', 'must be a function');
  }
  const timers = options.timers ?? systemTimers;
  if (typeof timers.setTimeout !== 'function' || typeof timers.clearTimeout !== 'function') {
    throw mllpInputError('timers', 'must have setTimeout and clearTimeout functions');
  }
  const telemetry = options.telemetry;
  if (
    telemetry !== undefined &&
    telemetry !== false &&
    (typeof telemetry !== 'object' || telemetry === null)
  ) {
    throw mllpInputError(
      'telemetry',
      'must be false or an object with tracerProvider / meterProvider',
    );
  }
  const encoding = options.encoding ?? 'utf8';
  new MllpFrameDecoder({ maxFrameBytes: options.maxFrameBytes, encoding }); // validates both
  return {
    host,
    port,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
    idleTimeoutMs: options.idleTimeoutMs,
    maxFrameBytes: options.maxFrameBytes,
    encoding,
    reconnect: options.reconnect ?? true,
    getControlId: options.getControlId ?? defaultGetControlId,
    logger: guardMllpLogger(options.logger),
    timers,
    telemetry,
  };
}
