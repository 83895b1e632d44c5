import { afterEach, describe, expect, it } from 'vitest';
import type { MllpLogger } from './logger.js';
import {
  ack,
  ackFor,
  connectRaw,
  openTcpHandles,
  oru,
  waitFor,
  type RawPeer,
} from './__fixtures__/mllp-test-utils.js';
import { createMllpClient, type MllpClient } from './client.js';
import { createMllpServer, type MllpServer } from './server.js';

/** A logger whose every call throws, and counts how often it was called. */
function throwingLogger(): MllpLogger & { calls: number } {
  const l = { calls: 0 } as MllpLogger & { calls: number };
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    l[level] = () => {
      l.calls += 1;
      throw new Error(`logger ${level} broke`);
    };
  }
  return l;
}

const open: { close(): Promise<void> }[] = [];
const peers: RawPeer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) p.socket.destroy();
  for (const o of open.splice(0).reverse()) await o.close();
  await waitFor(() => openTcpHandles().length === 0);
});

describe('MLLP with a logger that throws', () => {
  it('the server and client keep working (socket handlers never see the throw)', async () => {
    const serverLog = throwingLogger();
    const clientLog = throwingLogger();
    const server: MllpServer = createMllpServer({
      onMessage: (m) => ackFor(m),
      logger: serverLog,
      idleTimeoutMs: 60_000,
    });
    open.push(server);
    const { port } = await server.listen();
    const client: MllpClient = createMllpClient({ host: '127.0.0.1', port, logger: clientLog });
    open.push(client);
    expect(await client.send(oru('T1'))).toBe(ack('T1'));
    // Garbage before a good frame: the server logs a warning from inside its data handler.
    const raw = await connectRaw(port);
    peers.push(raw);
    raw.socket.write('garbage');
    raw.sendFrame(oru('T2'));
    expect(await raw.nextFrame()).toBe(ack('T2'));
    expect(serverLog.calls).toBeGreaterThan(0);
    expect(clientLog.calls).toBeGreaterThan(0);
  });
});
