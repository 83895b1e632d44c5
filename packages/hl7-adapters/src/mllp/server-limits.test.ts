import { afterEach, describe, expect, it } from 'vitest';
import {
  ack,
  ackFor,
  connectRaw,
  manualTimers,
  openTcpHandles,
  oru,
  recordingLogger,
  throwingLogger,
  waitFor,
  type RawPeer,
} from './__fixtures__/mllp-test-utils.js';
import { encodeMllpFrame } from './frame.js';
import { createMllpServer, type MllpServer, type MllpServerOptions } from './server.js';
import { DEFAULT_MAX_CONNECTIONS } from './server-options.js';

// Issue #16: the listener had no aggregate bound (no connection cap by default, 16 MiB per
// connection with no total, the idle timer re-armed by every byte so a 1 byte/s sender was
// never closed) and a throwing logger crashed the process from a socket handler.

const servers: MllpServer[] = [];
const peers: RawPeer[] = [];

async function start(options: Partial<MllpServerOptions> = {}) {
  const server = createMllpServer({ onMessage: (m) => ackFor(m), ...options });
  servers.push(server);
  const { port } = await server.listen();
  return { server, port };
}

async function peer(port: number): Promise<RawPeer> {
  const p = await connectRaw(port);
  peers.push(p);
  return p;
}

afterEach(async () => {
  for (const p of peers.splice(0)) p.socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await waitFor(() => openTcpHandles().length === 0);
});

describe('MLLP server limits (#16)', () => {
  it('closes a frame that trickles in past frameTimeoutMs, however steadily bytes arrive', async () => {
    const timers = manualTimers();
    const reasons: string[] = [];
    const { server, port } = await start({
      timers,
      idleTimeoutMs: 1_000,
      frameTimeoutMs: 5_000,
      onFrameError: (reason, _ctx, info) => {
        reasons.push(`${reason}:${info.bytes}`);
        return 'never sent';
      },
    });
    const p = await peer(port);
    p.socket.write(Buffer.from('\x0bMSH|'));
    await waitFor(() => server.bufferedBytes === 4);
    // one byte every 900 virtual ms: never idle for 1 s, but the frame never completes
    for (let i = 1; i <= 5; i++) {
      timers.advance(900);
      p.socket.write(Buffer.from('x'));
      await waitFor(() => server.bufferedBytes === 4 + i);
    }
    expect(server.connections).toBe(1);
    timers.advance(600); // 5,100 ms after the 0x0B
    await p.closed;
    await waitFor(() => server.connections === 0);
    expect(reasons).toEqual(['timeout:9']);
    expect(server.bufferedBytes).toBe(0);
    expect(p.events.filter((e) => e.type === 'frame')).toEqual([]);
  });

  it('a frame that completes in time is answered, and the next frame gets its own deadline', async () => {
    const timers = manualTimers();
    const { server, port } = await start({ timers, idleTimeoutMs: 0, frameTimeoutMs: 5_000 });
    const p = await peer(port);
    const frame = encodeMllpFrame(oru('F1'));
    p.socket.write(frame.subarray(0, 10));
    await waitFor(() => server.bufferedBytes === 9);
    timers.advance(4_000);
    p.socket.write(Buffer.concat([frame.subarray(10), Buffer.from('\x0bMSH|')]));
    expect(await p.nextFrame()).toBe(ack('F1'));
    timers.advance(4_000); // 8 s after the first frame's start, 4 s into the second one's
    expect(server.connections).toBe(1);
    timers.advance(1_001);
    await p.closed;
  });

  it('bytes outside frames do not keep a connection alive: idle counts from the last frame', async () => {
    const timers = manualTimers();
    const { server, port } = await start({ timers, idleTimeoutMs: 1_000, frameTimeoutMs: 0 });
    const p = await peer(port);
    p.sendFrame(oru('I1'));
    expect(await p.nextFrame()).toBe(ack('I1'));
    timers.advance(600);
    p.socket.write(Buffer.from('\r\n'));
    await new Promise((r) => setImmediate(r));
    expect(server.connections).toBe(1);
    timers.advance(401);
    await p.closed;
  });

  it('caps the bytes held across connections: the connection that passes it is closed, others are served', async () => {
    const reasons: string[] = [];
    const { server, port } = await start({
      maxFrameBytes: 400,
      maxBufferedBytes: 500,
      onFrameError: (reason) => {
        reasons.push(reason);
        return undefined;
      },
    });
    const a = await peer(port);
    const b = await peer(port);
    const frameA = encodeMllpFrame(oru('BUF-A'));
    a.socket.write(frameA.subarray(0, 150));
    await waitFor(() => server.bufferedBytes === 149);
    b.socket.write(Buffer.concat([Buffer.from([0x0b]), Buffer.alloc(300, 0x41)]));
    await waitFor(() => server.bufferedBytes === 449);
    b.socket.write(Buffer.alloc(60, 0x41)); // 509 in all: b passes the cap
    await b.closed;
    await waitFor(() => server.bufferedBytes === 149);
    expect(reasons).toEqual(['overloaded']);
    a.socket.write(frameA.subarray(150));
    expect(await a.nextFrame()).toBe(ack('BUF-A'));
    await waitFor(() => server.bufferedBytes === 0);
  });

  it(`refuses connections beyond ${DEFAULT_MAX_CONNECTIONS} by default`, async () => {
    const { server, port } = await start();
    const open = await Promise.all(
      Array.from({ length: DEFAULT_MAX_CONNECTIONS }, () => peer(port)),
    );
    await waitFor(() => server.connections === DEFAULT_MAX_CONNECTIONS);
    const extra = await peer(port);
    await extra.closed;
    open[0]!.sendFrame(oru('STILL'));
    expect(await open[0]!.nextFrame()).toBe(ack('STILL'));
    expect(server.connections).toBe(DEFAULT_MAX_CONNECTIONS);
  });

  it('a logger that throws never crashes the process or stops a connection', async () => {
    const { server, port } = await start({
      logger: throwingLogger,
      onMessage: (m) => {
        if (m.includes('|BOOM|')) throw new Error('handler failed');
        return ackFor(m);
      },
    });
    const p = await peer(port);
    p.socket.write(Buffer.from('garbage'));
    p.sendFrame(oru('BOOM'));
    p.sendFrame(oru('OK1'));
    expect(await p.nextFrame()).toBe(ack('OK1'));
    p.socket.destroy();
    await waitFor(() => server.connections === 0);
  });

  it('validates the new limits, naming the field', () => {
    const bad: [Partial<MllpServerOptions>, string][] = [
      [{ frameTimeoutMs: -1 }, 'frameTimeoutMs'],
      [{ idleTimeoutMs: 2 ** 31 }, 'idleTimeoutMs'],
      [{ maxBufferedBytes: 0 }, 'maxBufferedBytes'],
      [{ timers: {} as MllpServerOptions['timers'] }, 'timers'],
    ];
    for (const [options, field] of bad) {
      expect(() => createMllpServer({ onMessage: () => undefined, ...options })).toThrow(
        expect.objectContaining({ code: 'invalid_input', inputField: field }),
      );
    }
    const logger = recordingLogger();
    expect(() => createMllpServer({ onMessage: () => undefined, logger })).not.toThrow();
  });
});
