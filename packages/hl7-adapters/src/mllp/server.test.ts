import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Hl7Error } from '../errors.js';
import {
  ack,
  ackFor,
  connectRaw,
  openTcpHandles,
  oru,
  recordingLogger,
  SENTINEL,
  waitFor,
  type RawPeer,
} from './__fixtures__/mllp-test-utils.js';
import { encodeMllpFrame } from './frame.js';
import { createMllpServer, type MllpServer, type MllpServerOptions } from './server.js';

const servers: MllpServer[] = [];
const peers: RawPeer[] = [];

async function start(
  options: Partial<MllpServerOptions> = {},
): Promise<{ server: MllpServer; port: number }> {
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

describe('createMllpServer', () => {
  it('binds 127.0.0.1 and a free port by default', async () => {
    const server = createMllpServer({ onMessage: () => undefined });
    servers.push(server);
    expect(server.address).toBeUndefined();
    const bound = await server.listen();
    expect(bound.host).toBe('127.0.0.1');
    expect(bound.port).toBeGreaterThan(0);
    expect(server.address).toEqual(bound);
    expect(await server.listen()).toEqual(bound); // idempotent
    expect(server.connections).toBe(0);
  });

  it('answers a frame with the handler result and passes the connection context', async () => {
    const seen: unknown[] = [];
    const { server, port } = await start({
      onMessage: (m, ctx) => {
        seen.push(ctx);
        return ackFor(m);
      },
    });
    const p = await peer(port);
    p.sendFrame(oru('M1'));
    expect(await p.nextFrame()).toBe(ack('M1'));
    expect(seen).toEqual([
      { connectionId: 1, remoteAddress: '127.0.0.1', remotePort: p.socket.localPort },
    ]);
    expect(server.connections).toBe(1);
  });

  it('ctx.close() drops the connection without a reply, and is not in { ...ctx }', async () => {
    const handled: string[] = [];
    let spread: unknown;
    const { server, port } = await start({
      onMessage: (m, ctx) => {
        handled.push(m.includes('|LOST|') ? 'LOST' : 'NEXT');
        if (m.includes('|LOST|')) {
          spread = { ...ctx }; // asserted below: a throw in here would only be logged
          ctx.close();
          return ackFor(m); // not sent: the connection is gone
        }
        return ackFor(m);
      },
    });
    const p = await peer(port);
    // One write with both frames: the second is queued behind the first.
    p.socket.write(Buffer.concat([encodeMllpFrame(oru('LOST')), encodeMllpFrame(oru('NEXT'))]));
    await p.closed;
    expect(handled).toEqual(['LOST']);
    expect(spread).toEqual({
      connectionId: 1,
      remoteAddress: '127.0.0.1',
      remotePort: expect.any(Number),
    });
    expect(p.events).toEqual([]); // nothing was sent back
    await waitFor(() => server.connections === 0);
    // The server keeps serving new connections.
    const q = await peer(port);
    q.sendFrame(oru('M2'));
    expect(await q.nextFrame()).toBe(ack('M2'));
  });

  it('answers frames of one connection in order, one handler call at a time', async () => {
    let running = 0;
    let maxRunning = 0;
    const { port } = await start({
      onMessage: async (m) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        // the first message is the slowest
        const id = m.includes('|S1|') ? 30 : 1;
        await new Promise((r) => setTimeout(r, id));
        running--;
        return ackFor(m);
      },
    });
    const p = await peer(port);
    p.socket.write(Buffer.concat(['S1', 'S2', 'S3'].map((id) => encodeMllpFrame(oru(id)))));
    expect([await p.nextFrame(), await p.nextFrame(), await p.nextFrame()]).toEqual([
      ack('S1'),
      ack('S2'),
      ack('S3'),
    ]);
    expect(maxRunning).toBe(1);
  });

  it('skips garbage, reports it to onFrameError, and answers the good frame after it', async () => {
    const frameErrors: unknown[] = [];
    const { port } = await start({
      onFrameError: (reason, ctx, info) => {
        frameErrors.push({ reason, bytes: info.bytes, connectionId: ctx.connectionId });
        return ack('', 'AR', 'REJ');
      },
    });
    const p = await peer(port);
    p.socket.write(
      Buffer.concat([Buffer.from('GET / HTTP/1.1\r\n\r\n'), encodeMllpFrame(oru('G1'))]),
    );
    expect(await p.nextFrame()).toBe(ack('', 'AR', 'REJ'));
    expect(await p.nextFrame()).toBe(ack('G1'));
    expect(frameErrors).toEqual([{ reason: 'garbage', bytes: 18, connectionId: 1 }]);
  });

  it('keeps the connection after a frame the handler rejects, and logs no message content', async () => {
    const logger = recordingLogger();
    const { port } = await start({
      logger,
      onMessage: (m) => {
        if (!m.startsWith('MSH')) throw new Error(`cannot parse ${m}`);
        return ackFor(m);
      },
    });
    const p = await peer(port);
    p.sendFrame(`${SENTINEL} is not HL7`);
    p.sendFrame(oru('G2'));
    expect(await p.nextFrame()).toBe(ack('G2'));
    expect(
      logger.entries.some((e) => e.level === 'error' && e.msg === 'mllp onMessage failed'),
    ).toBe(true);
    expect(JSON.stringify(logger.entries)).not.toContain(SENTINEL);
    expect(JSON.stringify(logger.entries)).not.toContain('cannot parse');
  });

  it('drops an oversized frame and answers the good frame after it', async () => {
    const reasons: string[] = [];
    const { port } = await start({
      maxFrameBytes: 1024,
      onFrameError: (reason) => {
        reasons.push(reason);
        return undefined;
      },
    });
    const p = await peer(port);
    p.sendFrame(oru('BIG').replace('Feels better today.', 'x'.repeat(50_000)));
    p.sendFrame(oru('G3'));
    expect(await p.nextFrame()).toBe(ack('G3'));
    expect(reasons).toEqual(['oversized']);
  });

  it('answers a frame that arrives one byte at a time', async () => {
    const { port } = await start();
    const p = await peer(port);
    const bytes = encodeMllpFrame(oru('DRIP'));
    for (const b of bytes) p.socket.write(Buffer.from([b]));
    expect(await p.nextFrame()).toBe(ack('DRIP'));
  });

  it('closes a connection that stays idle', async () => {
    const logger = recordingLogger();
    const { server, port } = await start({ idleTimeoutMs: 50, logger });
    const p = await peer(port);
    await waitFor(() => server.connections === 1);
    await p.closed;
    await waitFor(() => server.connections === 0);
    expect(logger.entries.map((e) => e.msg)).toContain('mllp connection idle, closing');
  });

  it('does not close a connection for idleness while its message is being handled', async () => {
    const { server, port } = await start({
      idleTimeoutMs: 40,
      onMessage: async (m) => {
        await new Promise((r) => setTimeout(r, 120));
        return ackFor(m);
      },
    });
    const p = await peer(port);
    p.sendFrame(oru('SLOW'));
    expect(await p.nextFrame()).toBe(ack('SLOW'));
    await p.closed; // then idles out
    await waitFor(() => server.connections === 0);
  });

  it('answers what a half-closing peer sent, then closes', async () => {
    const { server, port } = await start();
    const p = await peer(port);
    p.socket.end(encodeMllpFrame(oru('H1')));
    expect(await p.nextFrame()).toBe(ack('H1'));
    await p.closed;
    await waitFor(() => server.connections === 0);
  });

  it('reports an unterminated frame when the peer half-closes mid-frame', async () => {
    const reasons: string[] = [];
    const { port } = await start({
      onFrameError: (reason, _ctx, info) => {
        reasons.push(`${reason}:${info.bytes}`);
        return 'MSH|^~\\&|NAK';
      },
    });
    const p = await peer(port);
    p.socket.end(Buffer.from('\x0bMSH|cut'));
    expect(await p.nextFrame()).toBe('MSH|^~\\&|NAK');
    expect(reasons).toEqual(['unterminated:7']);
  });

  it('close() ends every connection and resolves; nothing stays open', async () => {
    const { server, port } = await start({
      onMessage: () => new Promise<undefined>(() => undefined),
    });
    const a = await peer(port);
    const b = await peer(port);
    a.sendFrame(oru('NEVER'));
    await waitFor(() => server.connections === 2);
    await server.close();
    expect(server.connections).toBe(0);
    expect(server.address).toBeUndefined();
    await Promise.all([a.closed, b.closed]);
    expect(openTcpHandles()).toEqual([]);
    await server.close(); // idempotent
    await expect(server.listen()).rejects.toMatchObject({ code: 'connection' });
  });

  it('refuses connections beyond maxConnections', async () => {
    const { server, port } = await start({ maxConnections: 1 });
    const a = await peer(port);
    await waitFor(() => server.connections === 1);
    const b = await peer(port);
    await b.closed;
    a.sendFrame(oru('ONE'));
    expect(await a.nextFrame()).toBe(ack('ONE'));
    expect(server.connections).toBe(1);
  });

  it('rejects with a connection error when the port is taken', async () => {
    const { port } = await start();
    const second = createMllpServer({ port, onMessage: () => undefined });
    servers.push(second);
    const error = await second.listen().catch((e: unknown) => e);
    expect(Hl7Error.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'connection', retryable: false });
  });

  it('binds exactly the host given, not all interfaces', async () => {
    const { server, port } = await start();
    expect(server.address?.host).toBe('127.0.0.1');
    // On Linux all of 127/8 reaches the loopback device: a wildcard bind would accept on 127.0.0.2.
    if (process.platform === 'linux') {
      const refused = await new Promise<string>((resolve) => {
        const s = net.connect({ host: '127.0.0.2', port });
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    }
    const { server: named } = await start({ host: 'localhost' });
    expect(['127.0.0.1', '::1']).toContain(named.address?.host);
  });

  it('validates its options, naming the field', () => {
    const bad: [Partial<MllpServerOptions>, string][] = [
      [{ port: 70000 }, 'port'],
      [{ host: '' }, 'host'],
      [{ idleTimeoutMs: -1 }, 'idleTimeoutMs'],
      [{ maxConnections: 0 }, 'maxConnections'],
      [{ maxFrameBytes: 0 }, 'maxFrameBytes'],
      [{ onMessage: 'x' as unknown as MllpServerOptions['onMessage'] }, 'onMessage'],
    ];
    for (const [options, field] of bad) {
      expect(() => createMllpServer({ onMessage: () => undefined, ...options })).toThrow(
        expect.objectContaining({ code: 'invalid_input', inputField: field }),
      );
    }
  });
});
