import { afterEach, describe, expect, it } from 'vitest';
import {
  ack,
  ackFor,
  manualTimers,
  openTcpHandles,
  oru,
  rawServer,
  throwingLogger,
  waitFor,
} from './__fixtures__/mllp-test-utils.js';
import { createMllpClient, type MllpClient, type MllpClientOptions } from './client.js';
import { createMllpServer } from './server.js';

const cleanups: (() => Promise<void>)[] = [];

function client(options: Partial<MllpClientOptions> & { port: number }): MllpClient {
  const c = createMllpClient({ host: '127.0.0.1', responseTimeoutMs: 2000, ...options });
  cleanups.push(() => c.close());
  return c;
}

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await waitFor(() => openTcpHandles().length === 0);
});

describe('MLLP client: enhanced acknowledgement mode, injected timers, throwing logger', () => {
  it("returnAck 'application' skips the commit accept and resolves with the application ACK", async () => {
    const srv = await rawServer((peer) => {
      void peer.nextFrame().then((m) => {
        const id = /\|ORU\^R01\^ORU_R01\|([^|]+)\|/.exec(m)?.[1] ?? '';
        peer.sendFrame(ack(id).replace('MSA|AA|', 'MSA|CA|'));
        peer.sendFrame(ack(id, 'AA', 'APP1'));
      });
    });
    cleanups.push(() => srv.close());
    const c = client({ port: srv.port });
    const reply = await c.send(oru('ENH1'), { returnAck: 'application' });
    expect(reply).toContain('MSA|AA|ENH1');
    expect(c.pending).toBe(0);
  });

  it("returnAck 'first' (default) resolves with the commit accept", async () => {
    const srv = await rawServer((peer) => {
      void peer.nextFrame().then(() => peer.sendFrame(ack('ENH2').replace('MSA|AA|', 'MSA|CA|')));
    });
    cleanups.push(() => srv.close());
    const reply = await client({ port: srv.port }).send(oru('ENH2'));
    expect(reply).toContain('MSA|CA|ENH2');
  });

  it('a refused commit (CE) settles an application-mode send: no application ACK follows it', async () => {
    const srv = await rawServer((peer) => {
      void peer.nextFrame().then(() => peer.sendFrame(ack('ENH3').replace('MSA|AA|', 'MSA|CE|')));
    });
    cleanups.push(() => srv.close());
    const reply = await client({ port: srv.port }).send(oru('ENH3'), { returnAck: 'application' });
    expect(reply).toContain('MSA|CE|ENH3');
  });

  it('times out on the injected clock, without waiting', async () => {
    const timers = manualTimers();
    const srv = await rawServer(() => undefined); // never answers
    cleanups.push(() => srv.close());
    const c = client({ port: srv.port, timers, responseTimeoutMs: 30_000 });
    const sent = c.send(oru('SLOW1')).catch((e: unknown) => e);
    await waitFor(() => srv.peers.length === 1);
    timers.advance(29_999);
    expect(c.pending).toBe(1);
    timers.advance(1);
    expect(await sent).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('a logger that throws never crashes the process or fails a send (#16)', async () => {
    const server = createMllpServer({ onMessage: (m) => ackFor(m), logger: throwingLogger });
    cleanups.push(() => server.close());
    const { port } = await server.listen();
    const c = client({ port, logger: throwingLogger });
    expect(await c.send(oru('LOG1'))).toBe(ack('LOG1'));
    // an unmatched reply, a timeout and a dropped connection all log
    const srv = await rawServer((peer) => {
      void peer.nextFrame().then(() => {
        peer.sendFrame(ack('NOBODY'));
        peer.socket.destroy();
      });
    });
    cleanups.push(() => srv.close());
    const c2 = client({ port: srv.port, logger: throwingLogger });
    await expect(c2.send(oru('LOG2'))).rejects.toMatchObject({ code: 'connection' });
  });

  it('refuses a bad returnAck and a timeout Node cannot hold, naming the field', async () => {
    const c = client({ port: 1 });
    await expect(
      c.send(oru('X'), { returnAck: 'all' as unknown as 'first' }),
    ).rejects.toMatchObject({ code: 'invalid_input', inputField: 'returnAck' });
    await expect(c.send(oru('X'), { timeoutMs: 2 ** 31 })).rejects.toMatchObject({
      code: 'invalid_input',
      inputField: 'timeoutMs',
    });
  });
});
