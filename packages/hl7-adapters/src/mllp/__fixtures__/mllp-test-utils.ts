/** Helpers for the MLLP tests: fixture messages, raw sockets, polling, handle accounting. */
import net from 'node:net';
import { readMessageControlId } from '../control-id.js';
import { MllpFrameDecoder, type MllpDecodeEvent } from '../decoder.js';
import { encodeMllpFrame } from '../frame.js';
import type { MllpLogger } from '../logger.js';
import type { MllpTimers } from '../timers.js';

/** A made-up patient name used to prove that bodies never reach logs or errors. */
export const SENTINEL = 'ZZTESTPATIENT';

/** A small ORU^R01 with control id `id` (fictional data). */
export function oru(id: string): string {
  return [
    `MSH|^~\\&|CAREAPP|NORTHWIND|HNAM|NORTHWIND|20250102093012||ORU^R01^ORU_R01|${id}|P|2.5.1`,
    `PID|1||7654321^^^NORTHWIND_MRN^MRN||${SENTINEL}^ROSA`,
    'OBX|1|TX|11506-3^Progress note^LN||Feels better today.',
    '',
  ].join('\r');
}

/** An ACK (original mode) acknowledging control id `id`. */
export function ack(id: string, code: 'AA' | 'AE' | 'AR' = 'AA', ownId = `A${id}`): string {
  return [
    `MSH|^~\\&|HNAM|NORTHWIND|CAREAPP|NORTHWIND|20250102093013||ACK^R01^ACK|${ownId}|P|2.5.1`,
    `MSA|${code}|${id}`,
    '',
  ].join('\r');
}

/** The AA ACK for a received message (by its MSH-10). */
export function ackFor(message: string): string {
  return ack(readMessageControlId(message) ?? '');
}

/** Polls `cond` every 2 ms until true; throws after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Open TCP handles (sockets and listeners) of this process. */
export function openTcpHandles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap');
}

/** Number of active timers (setTimeout/setInterval) of this process. */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

/** A raw MLLP peer for tests: a plain socket plus a decoder and a queue of received events. */
export interface RawPeer {
  socket: net.Socket;
  events: MllpDecodeEvent[];
  /** Resolves with the next received frame's text. */
  nextFrame(): Promise<string>;
  sendFrame(message: string): void;
  closed: Promise<void>;
}

/** Wraps a connected socket as a {@link RawPeer}. */
export function rawPeer(socket: net.Socket): RawPeer {
  const decoder = new MllpFrameDecoder();
  const events: MllpDecodeEvent[] = [];
  const waiters: ((m: string) => void)[] = [];
  const frames: string[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (const ev of decoder.push(chunk)) {
      events.push(ev);
      if (ev.type !== 'frame') continue;
      const w = waiters.shift();
      if (w) w(ev.message);
      else frames.push(ev.message);
    }
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    events,
    nextFrame: () =>
      new Promise<string>((resolve) => {
        const f = frames.shift();
        if (f !== undefined) resolve(f);
        else waiters.push(resolve);
      }),
    sendFrame: (message) => socket.write(encodeMllpFrame(message)),
    closed,
  };
}

/** Connects a {@link RawPeer} to 127.0.0.1:port. */
export async function connectRaw(port: number): Promise<RawPeer> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return rawPeer(socket);
}

/** A raw TCP server on 127.0.0.1:0 whose connections the test drives itself. */
export async function rawServer(onPeer: (peer: RawPeer, index: number) => void): Promise<{
  port: number;
  peers: RawPeer[];
  close(): Promise<void>;
}> {
  const peers: RawPeer[] = [];
  const server = net.createServer((socket) => {
    const peer = rawPeer(socket);
    peers.push(peer);
    onPeer(peer, peers.length - 1);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    peers,
    close: async () => {
      for (const p of peers) p.socket.destroy();
      await Promise.all(peers.map((p) => p.closed));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port with nothing listening on it (bound then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A logger that records every call. */
export function recordingLogger(): MllpLogger & {
  entries: { level: string; msg: string; fields?: Record<string, unknown> }[];
} {
  const entries: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      entries.push({ level, msg, fields });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Timers on a virtual clock for the transport's `timers` option: nothing fires until the test
 * calls `advance(ms)`, which runs every timer due by then, in order. No real waiting.
 */
export function manualTimers(): MllpTimers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout: (fn, ms) => {
      const id = ++seq;
      due.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (handle) => {
      due.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next || next[1].at > until) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = until;
    },
    pending: () => due.size,
  };
}

/** A logger whose every method throws (a broken sink): the transport must shrug it off. */
export const throwingLogger: MllpLogger = {
  debug: () => {
    throw new Error('logger down');
  },
  info: () => {
    throw new Error('logger down');
  },
  warn: () => {
    throw new Error('logger down');
  },
  error: () => {
    throw new Error('logger down');
  },
};
