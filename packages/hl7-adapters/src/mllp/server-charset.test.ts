import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTcpHandles, waitFor } from './__fixtures__/mllp-test-utils.js';
import type { MllpFrameInfo } from './charset.js';
import { encodingForMsh18, readMsh18 } from './charset.js';
import { MllpFrameDecoder } from './decoder.js';
import { createMllpServer, type MllpServer, type MllpServerOptions } from './server.js';

const servers: MllpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await waitFor(() => openTcpHandles().length === 0);
});

async function start(options: Partial<MllpServerOptions>): Promise<number> {
  const server = createMllpServer({ onMessage: () => undefined, ...options });
  servers.push(server);
  return (await server.listen()).port;
}

/** Sends raw frame bytes and collects the raw payloads of `count` replies. */
async function exchange(port: number, payload: Buffer, count: number): Promise<Buffer[]> {
  const socket = net.connect({ host: '127.0.0.1', port });
  const decoder = new MllpFrameDecoder({ keepBytes: true });
  const out: Buffer[] = [];
  await new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      for (const e of decoder.push(chunk)) if (e.type === 'payload') out.push(e.payload);
      if (out.length >= count) resolve();
    });
    socket.write(Buffer.concat([Buffer.from([0x0b]), payload, Buffer.from([0x1c, 0x0d])]));
  });
  socket.destroy();
  return out;
}

const msh = (charset: string, id: string): string =>
  `MSH|^~\\&|A|B|C|D|20250101||ORU^R01|${id}|P|2.3||||||${charset}\r`;

describe('MLLP server: MSH-18 character sets (#10, hl7.md §1.1 MSH-18, §2.8)', () => {
  it('reads 8859/1 frames as latin1 and answers in the reply’s own MSH-18', async () => {
    const seen: [string, MllpFrameInfo][] = [];
    const port = await start({
      msh18: true,
      onMessage: (text, _ctx, frame) => {
        seen.push([text, frame]);
        return `${msh('8859/1', 'R1')}MSA|AA|L1|Reçu\r`;
      },
    });
    const body = Buffer.from(`${msh('8859/1', 'L1')}PID|1||1||MÜLLER^RENÉ\r`, 'latin1');
    const [reply] = await exchange(port, body, 1);
    expect(seen[0]![0]).toContain('MÜLLER^RENÉ');
    expect(seen[0]![1]).toEqual({ bytes: body.length, msh18: '8859/1', charset: 'latin1' });
    expect(reply!.includes(Buffer.from('Reçu', 'latin1'))).toBe(true);
    expect(reply!.includes(Buffer.from('Reçu', 'utf8'))).toBe(false);
  });

  it('flags bytes that are not valid in the declared set instead of inventing U+FFFD', async () => {
    const seen: MllpFrameInfo[] = [];
    const texts: string[] = [];
    const port = await start({
      msh18: true,
      onMessage: (text, _ctx, frame) => {
        seen.push(frame);
        texts.push(text);
        return [`${msh('UNICODE UTF-8', 'C1')}MSA|CA|U1\r`, `${msh('', 'A1')}MSA|AE|U1\r`];
      },
    });
    const latinInUtf8 = Buffer.from(`${msh('UNICODE UTF-8', 'U1')}PID|1||1||RENÉ\r`, 'latin1');
    const replies = await exchange(port, latinInUtf8, 2);
    expect(seen[0]).toMatchObject({ msh18: 'UNICODE UTF-8', undecodable: 'invalid_bytes' });
    expect(texts[0]).not.toContain('\ufffd');
    expect(texts[0]).toContain('|U1|'); // headers stay readable
    expect(replies.map((r) => r.toString('utf8').split('\r')[1])).toEqual([
      'MSA|CA|U1',
      'MSA|AE|U1',
    ]);
    await exchange(port, Buffer.from(`${msh('8859/15', 'X1')}`, 'latin1'), 2);
    expect(seen[1]).toMatchObject({ msh18: '8859/15', undecodable: 'unsupported_charset' });
  });

  it('maps table 0211 names', () => {
    expect(encodingForMsh18('8859/1', 'utf8')).toBe('latin1');
    expect(encodingForMsh18('UNICODE UTF-8', 'latin1')).toBe('utf8');
    expect(encodingForMsh18('', 'latin1')).toBe('latin1');
    expect(encodingForMsh18('ASCII', 'utf8')).toBe('utf8');
    expect(encodingForMsh18('UNICODE UTF-16', 'utf8')).toBeUndefined();
    expect(readMsh18(msh('8859/1~UNICODE UTF-8', '1'))).toBe('8859/1');
    expect(readMsh18('MSH|^~\\&|A\r')).toBe('');
  });
});
