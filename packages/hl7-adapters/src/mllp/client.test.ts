import { afterEach, describe, expect, it } from 'vitest';
import { Hl7Error } from '../errors.js';
import {
  ack,
  ackFor,
  activeTimers,
  freePort,
  openTcpHandles,
  oru,
  rawServer,
  recordingLogger,
  SENTINEL,
  waitFor,
} from './__fixtures__/mllp-test-utils.js';
import { createMllpClient, type MllpClient, type MllpClientOptions } from './client.js';
import { readMessageControlId } from './control-id.js';
import { encodeMllpFrame } from './frame.js';
import { createMllpServer, type MllpServer, type MllpServerOptions } from './server.js';

const cleanups: (() => Promise<void>)[] = [];

async function server(
  options: Partial<MllpServerOptions> = {},
): Promise<{ server: MllpServer; port: number }> {
  const s = createMllpServer({ onMessage: (m) => ackFor(m), ...options });
  cleanups.push(() => s.close());
  const { port } = await s.listen();
  return { server: s, port };
}

function client(options: Partial<MllpClientOptions> & { port: number }): MllpClient {
  const c = createMllpClient({ host: '127.0.0.1', responseTimeoutMs: 2000, ...options });
  cleanups.push(() => c.close());
  return c;
}

async function raw(...args: Parameters<typeof rawServer>): ReturnType<typeof rawServer> {
  const s = await rawServer(...args);
  cleanups.push(() => s.close());
  return s;
}

function caught(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await waitFor(() => openTcpHandles().length === 0);
});

describe('createMllpClient', () => {
  it('connects lazily and round-trips with the server', async () => {
    const { server: s, port } = await server();
    const c = client({ port });
    expect(c.connected).toBe(false);
    expect(s.connections).toBe(0);
    expect(await c.send(oru('R1'))).toBe(ack('R1'));
    expect(c.connected).toBe(true);
    expect(await c.send(oru('R2'))).toBe(ack('R2'));
    expect(s.connections).toBe(1); // one connection reused
    expect(c.pending).toBe(0);
  });

  it('resolves a NAK as a reply (the caller reads MSA-1)', async () => {
    const { port } = await server({ onMessage: (m) => ack(readMessageControlId(m)!, 'AE') });
    expect(await client({ port }).send(oru('N1'))).toBe(ack('N1', 'AE'));
  });

  it('rejects with a retryable timeout when no reply comes, and leaks nothing after close', async () => {
    const { server: s, port } = await server({ onMessage: () => undefined });
    const c = createMllpClient({ host: '127.0.0.1', port, responseTimeoutMs: 100 });
    const error = await caught(c.send(oru('T1')));
    expect(Hl7Error.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect((error as Error).message).not.toContain(SENTINEL);
    // per-call override
    await expect(c.send(oru('T2'), { timeoutMs: 20 })).rejects.toMatchObject({ code: 'timeout' });
    await c.close();
    await s.close();
    expect(s.connections).toBe(0);
    expect(openTcpHandles()).toEqual([]);
  });

  it('rejects an outstanding send when closed, and the socket does not leak', async () => {
    const { server: s, port } = await server({ onMessage: () => undefined, idleTimeoutMs: 0 });
    const timersBefore = activeTimers();
    const c = createMllpClient({ host: '127.0.0.1', port }); // default 30 s response timeout
    const pending = caught(c.send(oru('C1')));
    await waitFor(() => s.connections === 1);
    await c.close();
    expect(await pending).toMatchObject({ code: 'connection', retryable: false });
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore); // the response timer is gone
    await waitFor(() => s.connections === 0);
    await s.close();
    expect(openTcpHandles()).toEqual([]);
    await expect(c.send(oru('C2'))).rejects.toMatchObject({ code: 'connection' });
    await c.close(); // idempotent
  });

  it('matches pipelined replies by control id when they come back out of order', async () => {
    const srv = await raw((peer) => {
      void (async () => {
        const received = [await peer.nextFrame(), await peer.nextFrame(), await peer.nextFrame()];
        // an unsolicited / unknown reply first: ignored
        peer.sendFrame(ack('UNKNOWN'));
        for (const m of received.reverse()) peer.sendFrame(ackFor(m));
      })();
    });
    const logger = recordingLogger();
    const c = client({ port: srv.port, logger });
    const replies = await Promise.all(['P1', 'P2', 'P3'].map((id) => c.send(oru(id))));
    expect(replies).toEqual([ack('P1'), ack('P2'), ack('P3')]);
    expect(srv.peers).toHaveLength(1); // all on one connection
    expect(logger.entries.map((e) => e.msg)).toContain(
      'mllp client ignored a reply matching no outstanding send',
    );
    expect(JSON.stringify(logger.entries)).not.toContain(SENTINEL);
  });

  it('also decodes replies coalesced in one chunk or split across chunks', async () => {
    const srv = await raw((peer) => {
      void (async () => {
        const a = await peer.nextFrame();
        const b = await peer.nextFrame();
        const both = Buffer.concat([encodeMllpFrame(ackFor(b)), encodeMllpFrame(ackFor(a))]);
        peer.socket.write(both.subarray(0, 5));
        peer.socket.write(both.subarray(5, both.length - 1));
        peer.socket.write(both.subarray(both.length - 1));
      })();
    });
    const c = client({ port: srv.port });
    expect(await Promise.all([c.send(oru('S1')), c.send(oru('S2'))])).toEqual([
      ack('S1'),
      ack('S2'),
    ]);
  });

  it('rejects pending sends with a connection error when the server drops, then reconnects on the next send', async () => {
    const srv = await raw((peer, index) => {
      void (async () => {
        for (;;) {
          const m = await peer.nextFrame();
          if (index === 0) peer.socket.destroy();
          else peer.sendFrame(ackFor(m));
        }
      })();
    });
    const c = client({ port: srv.port });
    const error = await caught(c.send(oru('D1')));
    expect(error).toMatchObject({ code: 'connection', retryable: true });
    expect(c.connected).toBe(false);
    expect(await c.send(oru('D2'))).toBe(ack('D2'));
    expect(srv.peers).toHaveLength(2);
  });

  it('reconnects after the server closed an idle connection', async () => {
    const { server: s, port } = await server({ idleTimeoutMs: 30 });
    const c = client({ port });
    expect(await c.send(oru('I1'))).toBe(ack('I1'));
    await waitFor(() => !c.connected);
    await waitFor(() => s.connections === 0);
    expect(await c.send(oru('I2'))).toBe(ack('I2'));
  });

  it('does not reconnect when reconnect is false', async () => {
    const { server: s, port } = await server({ idleTimeoutMs: 30 });
    const c = client({ port, reconnect: false });
    expect(await c.send(oru('F1'))).toBe(ack('F1'));
    await waitFor(() => !c.connected);
    await expect(c.send(oru('F2'))).rejects.toMatchObject({ code: 'connection', retryable: false });
    expect(s.connections).toBe(0);
  });

  it('closes its own idle connection when idleTimeoutMs is set, and connects again when needed', async () => {
    const { server: s, port } = await server();
    const c = client({ port, idleTimeoutMs: 30 });
    expect(await c.send(oru('J1'))).toBe(ack('J1'));
    await waitFor(() => !c.connected && s.connections === 0);
    expect(await c.send(oru('J2'))).toBe(ack('J2'));
  });

  it('fails with a retryable connection error when nothing listens', async () => {
    const port = await freePort();
    const c = client({ port });
    const error = await caught(c.send(oru('X1')));
    expect(error).toMatchObject({ code: 'connection', retryable: true });
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('rejects the only outstanding send with frame_too_large on an oversized reply', async () => {
    const { port } = await server({
      onMessage: (m) => ackFor(m) + 'NTE|1||' + 'x'.repeat(5000) + '\r',
    });
    const c = client({ port, maxFrameBytes: 1000 });
    await expect(c.send(oru('O1'))).rejects.toMatchObject({
      code: 'frame_too_large',
      retryable: false,
    });
  });

  it('honours an AbortSignal', async () => {
    const { port } = await server({ onMessage: () => undefined });
    const c = client({ port });
    const controller = new AbortController();
    const pending = caught(c.send(oru('AB1'), { signal: controller.signal }));
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    expect(c.pending).toBe(0);
    await expect(c.send(oru('AB2'), { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('accepts a custom getControlId (e.g. for non-HL7 payloads)', async () => {
    const { port } = await server({ onMessage: (m) => `reply:${m}` });
    const c = client({
      port,
      getControlId: (m, role) => (role === 'request' ? m : m.slice('reply:'.length)),
    });
    expect(await c.send('ping-1')).toBe('reply:ping-1');
  });

  it('round-trips latin1 text when both sides use latin1', async () => {
    const seen: string[] = [];
    const { port } = await server({
      encoding: 'latin1',
      onMessage: (m) => {
        seen.push(m);
        return ackFor(m);
      },
    });
    const c = client({ port, encoding: 'latin1' });
    const message = oru('L1').replace('Feels better', 'Fühlt sich besser, café');
    expect(await c.send(message)).toBe(ack('L1'));
    expect(seen).toEqual([message]);
  });

  it('turns a throwing getControlId into invalid_input before connecting', async () => {
    const port = await freePort();
    const c = client({
      port,
      getControlId: () => {
        throw new Error('boom');
      },
    });
    await expect(c.send(oru('G1'))).rejects.toMatchObject({
      code: 'invalid_input',
      inputField: 'message',
    });
    expect(c.connected).toBe(false);
  });

  it('refuses bad input before any network call, naming the field', async () => {
    const port = await freePort();
    const c = client({ port });
    const cases: [Promise<string>, string][] = [
      [c.send('MSH|^~\\&|A|B|C|D|20250101||ORU^R01||P|2.5\r'), 'message'],
      [c.send('bad \u001c byte'), 'message'],
      [c.send(oru('V1'), { timeoutMs: 0 }), 'timeoutMs'],
    ];
    for (const [p, field] of cases) {
      await expect(p).rejects.toMatchObject({ code: 'invalid_input', inputField: field });
    }
    expect(c.connected).toBe(false);
    expect(() => createMllpClient({ host: '', port })).toThrow(
      expect.objectContaining({ inputField: 'host' }),
    );
    expect(() => createMllpClient({ host: '127.0.0.1', port: 0 })).toThrow(
      expect.objectContaining({ inputField: 'port' }),
    );
    expect(() => createMllpClient({ host: '127.0.0.1', port, responseTimeoutMs: -5 })).toThrow(
      expect.objectContaining({ inputField: 'responseTimeoutMs' }),
    );
  });

  it('refuses a second send with a control id that is still awaiting its reply', async () => {
    const { port } = await server({ onMessage: () => undefined });
    const c = client({ port, responseTimeoutMs: 200 });
    const first = caught(c.send(oru('DUP')));
    await expect(c.send(oru('DUP'))).rejects.toMatchObject({
      code: 'invalid_input',
      inputField: 'message',
    });
    expect(await first).toMatchObject({ code: 'timeout' });
  });
});
