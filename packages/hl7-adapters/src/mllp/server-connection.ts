import type net from 'node:net';
import { decodeByMsh18, encodingForMsh18, readMsh18, type MllpFrameInfo } from './charset.js';
import { MllpFrameDecoder, type MllpDecodeEvent, type MllpFrameErrorReason } from './decoder.js';
import { encodeMllpFrame } from './frame.js';
import { describeError } from './logger.js';
import type { MllpConnectionContext, MllpReply, ResolvedServerOptions } from './server-options.js';
import { MllpTimer } from './timers.js';

/** Pause reading from a connection when this many frames wait to be handled. */
const MAX_QUEUED_FRAMES = 64;

/** @internal What all connections of one server share. */
export interface ServerShared {
  readonly options: ResolvedServerOptions;
  readonly sockets: Set<net.Socket>;
  /** Bytes held across all connections (partial frames + frames waiting for the handler). */
  buffered: number;
  nextConnectionId: number;
}

function contextFor(socket: net.Socket, id: number, close: () => void): MllpConnectionContext {
  return Object.freeze(
    Object.defineProperty(
      { remoteAddress: socket.remoteAddress, remotePort: socket.remotePort, connectionId: id },
      'close',
      { value: close, enumerable: false },
    ),
  ) as MllpConnectionContext;
}

/**
 * @internal Serves one accepted socket: de-frames it, hands messages to `onMessage` one at a
 * time, writes replies in order, and enforces the idle timeout, the whole-frame deadline and the
 * server-wide buffer budget.
 */
export function serveConnection(socket: net.Socket, shared: ServerShared): void {
  const o = shared.options;
  const { logger } = o;
  let closed = false;
  const ctx = contextFor(socket, shared.nextConnectionId++, () => {
    closed = true; // frames queued behind this one are not handled
    socket.destroy();
  });
  const connectionId = ctx.connectionId;
  shared.sockets.add(socket);
  const decoder = new MllpFrameDecoder({
    maxFrameBytes: o.maxFrameBytes,
    encoding: o.encoding,
    keepBytes: o.msh18,
  });
  let chain: Promise<void> = Promise.resolve();
  let queued = 0;
  let busy = 0;
  let peerEnded = false;
  /** This connection's share of `shared.buffered`: decoder bytes + bytes of queued frames. */
  let held = 0;
  let queuedBytes = 0;
  const idle = new MllpTimer(o.timers);
  const deadline = new MllpTimer(o.timers);
  logger.debug('mllp connection opened', { ...ctx });

  const account = (): void => {
    const now = closed ? 0 : decoder.bufferedBytes + queuedBytes;
    shared.buffered += now - held;
    held = now;
  };

  const armIdle = (): void => {
    idle.clear();
    if (o.idleTimeoutMs === 0 || closed || busy > 0 || decoder.inFrame) return;
    idle.arm(o.idleTimeoutMs, () => {
      if (busy > 0 || closed) return;
      logger.info('mllp connection idle, closing', {
        connectionId,
        idleTimeoutMs: o.idleTimeoutMs,
      });
      socket.destroy();
    });
  };

  /** Drops what is buffered, tells onFrameError (its reply is not sent) and closes. */
  const abandon = (reason: MllpFrameErrorReason, bytes: number, msg: string): void => {
    if (closed) return;
    closed = true;
    idle.clear();
    deadline.clear();
    decoder.reset();
    account();
    logger.warn(msg, { connectionId, reason, bytes });
    socket.destroy();
    if (!o.onFrameError) return;
    Promise.resolve()
      .then(() => o.onFrameError?.(reason, ctx, { bytes }))
      .catch((error: unknown) => {
        logger.error('mllp onFrameError failed', { connectionId, ...describeError(error) });
      });
  };

  const write = (replies: MllpReply): void => {
    if (Array.isArray(replies)) {
      for (const reply of replies as readonly unknown[]) write(reply as string);
      return;
    }
    const reply = replies as string | undefined;
    if (reply === undefined) return;
    if (typeof reply !== 'string') {
      logger.error('mllp handler returned a non-string reply; nothing sent', { connectionId });
      return;
    }
    if (closed || socket.destroyed || !socket.writable) {
      logger.warn('mllp reply not sent: connection closed', { connectionId });
      return;
    }
    let frame: Buffer;
    try {
      const encoding = o.msh18
        ? (encodingForMsh18(readMsh18(reply), o.encoding) ?? o.encoding)
        : o.encoding;
      frame = encodeMllpFrame(reply, encoding);
    } catch (error) {
      logger.error('mllp reply not sent: cannot frame it', {
        connectionId,
        ...describeError(error),
      });
      return;
    }
    socket.write(frame);
  };

  const handle = async (event: MllpDecodeEvent): Promise<void> => {
    if (closed) return;
    if (event.type === 'frame' || event.type === 'payload') {
      let text: string;
      let info: MllpFrameInfo;
      if (event.type === 'payload') ({ text, info } = decodeByMsh18(event.payload, o.encoding));
      else {
        text = event.message;
        info = { bytes: text.length, msh18: readMsh18(text), charset: o.encoding };
      }
      let reply: MllpReply;
      try {
        reply = await o.onMessage(text, ctx, info);
      } catch (error) {
        logger.error('mllp onMessage failed', { connectionId, ...describeError(error) });
        return;
      }
      write(reply);
      return;
    }
    logger.warn('mllp bytes dropped', { connectionId, reason: event.reason, bytes: event.bytes });
    if (!o.onFrameError) return;
    let reply: string | undefined;
    try {
      reply = await o.onFrameError(event.reason, ctx, { bytes: event.bytes });
    } catch (error) {
      logger.error('mllp onFrameError failed', { connectionId, ...describeError(error) });
      return;
    }
    write(reply);
  };

  const enqueue = (events: MllpDecodeEvent[]): void => {
    for (const event of events) {
      const bytes =
        event.type === 'frame'
          ? event.message.length
          : event.type === 'payload'
            ? event.payload.length
            : 0;
      queued++;
      busy++;
      queuedBytes += bytes;
      idle.clear();
      if (queued >= MAX_QUEUED_FRAMES) socket.pause();
      chain = chain
        .then(() => handle(event))
        .catch((error: unknown) => {
          logger.error('mllp connection handler failed', { connectionId, ...describeError(error) });
        })
        .finally(() => {
          queued--;
          busy--;
          queuedBytes -= bytes;
          account();
          if (queued < MAX_QUEUED_FRAMES / 2 && socket.isPaused() && !closed) socket.resume();
          if (busy === 0) {
            if (peerEnded && !closed) socket.end();
            else armIdle();
          }
        });
    }
    account();
  };

  socket.on('data', (chunk: Buffer) => {
    if (closed) return;
    const wasInFrame = decoder.inFrame;
    const events = decoder.push(chunk);
    enqueue(events);
    if (shared.buffered > o.maxBufferedBytes) {
      abandon('overloaded', held, 'mllp connection closed: server buffer limit reached');
      return;
    }
    if (!decoder.inFrame) {
      deadline.clear();
      if (!idle.armed) armIdle();
      return;
    }
    // A frame is open. Its deadline runs from its 0x0B; bytes arriving do not extend it.
    const frameEnded = events.some((e) => e.type !== 'error' || e.reason !== 'garbage');
    if (o.frameTimeoutMs > 0) {
      idle.clear();
      if (!wasInFrame || frameEnded || !deadline.armed) {
        deadline.arm(o.frameTimeoutMs, () =>
          abandon(
            'timeout',
            decoder.bufferedBytes,
            'mllp frame not complete within frameTimeoutMs, closing',
          ),
        );
      }
    }
  });
  socket.on('end', () => {
    // The peer half-closed: answer what it sent, then close our side.
    peerEnded = true;
    deadline.clear();
    enqueue(decoder.end());
    if (busy === 0 && !closed) socket.end();
  });
  socket.on('error', (error) => {
    logger.debug('mllp connection error', { connectionId, ...describeError(error) });
  });
  socket.on('close', () => {
    closed = true;
    idle.clear();
    deadline.clear();
    decoder.reset();
    account();
    shared.sockets.delete(socket);
    if (queued > 0) {
      logger.warn('mllp connection closed with frames not yet handled', {
        connectionId,
        frames: queued,
      });
    }
    logger.debug('mllp connection closed', { connectionId });
  });
  armIdle();
}
