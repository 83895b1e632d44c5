import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startErrorMessage } from './start-error.js';
import { startMockCerner } from './start-mock-cerner.js';

let blocker: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

async function takenPort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
  return (blocker.address() as AddressInfo).port;
}

async function startError(options: { port: number; mllpPort: number }): Promise<unknown> {
  return startMockCerner({ ...options, host: '127.0.0.1' }).then(
    async (running) => {
      await running.close();
      throw new Error('expected the start to fail');
    },
    (e: unknown) => e,
  );
}

describe('startErrorMessage (what the bin prints when it cannot listen)', () => {
  it('names the HTTP address in use and the --port flag', async () => {
    const port = await takenPort();
    const e = await startError({ port, mllpPort: 0 });
    expect(startErrorMessage(e, { host: '127.0.0.1', port, mllpPort: 0 })).toBe(
      `127.0.0.1:${port} (HTTP) is already in use, perhaps by another mock-cerner: stop it, or pass --port N (0 = any free port)`,
    );
  });

  it('names the MLLP address in use and the --mllp-port flag', async () => {
    const mllpPort = await takenPort();
    const e = await startError({ port: 0, mllpPort });
    expect(startErrorMessage(e, { host: '127.0.0.1', port: 0, mllpPort })).toBe(
      `127.0.0.1:${mllpPort} (HL7 MLLP) is already in use, perhaps by another mock-cerner: stop it, or pass --mllp-port N (0 = any free port)`,
    );
  });

  it('keeps the message of any other failure and adds its code', () => {
    const e = Object.assign(new Error('listen failed'), { code: 'EPERM' });
    expect(startErrorMessage(e, { host: '127.0.0.1', port: 1, mllpPort: 2 })).toBe(
      'listen failed (EPERM)',
    );
  });
});
