import net from 'node:net';
import {
  buildA19Query,
  buildOruNote,
  createMllpClient,
  encodeMllpFrame,
  parseAck,
  parseAdrA19,
  type MllpClient,
} from '@cerner-kit/hl7-adapters';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockCerner, type RunningMockCerner } from '../src/start-mock-cerner.js';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
let mock: RunningMockCerner;
let client: MllpClient;
const lines: { msg: string; fields?: Record<string, unknown> }[] = [];
const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
  info: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
  warn: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
  error: (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields }),
};
let seq = 0;
const id = (): string => `T${String(++seq).padStart(6, '0')}`;

beforeAll(async () => {
  mock = await startMockCerner({ port: 0, mllpPort: 0, now: () => NOW, logger });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.mock.reset();
  client = createMllpClient({ host: '127.0.0.1', port: mock.mllpPort!, responseTimeoutMs: 5_000 });
});
afterEach(() => client.close());

describe('robustness', () => {
  it('answers AR for an unsupported message type, and for an unparseable message with a control id', async () => {
    const adt = `MSH|^~\\&|A||B||20260102||ADT^A01|${id()}|P|2.3\rEVN|A01\r`;
    expect(parseAck(await client.send(adt))).toMatchObject({
      code: 'AR',
      errors: [expect.objectContaining({ code: '200' })],
    });
    const broken = `MSH|^~\\&|A||B||20260102||ORU^R01|${id()}|P|2.3\rthis is not a segment\r`;
    expect(parseAck(await client.send(broken)).code).toBe('AR');
  });

  it('drops garbage and still answers the next good message on the same connection', async () => {
    const port = mock.mllpPort!;
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const replies: string[] = [];
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\x1c\x0d')) >= 0) {
        replies.push(buffer.slice(1, end));
        buffer = buffer.slice(end + 2);
      }
    });
    const good = buildA19Query({ mrn: '292392', controlId: id() });
    socket.write(
      Buffer.concat([
        Buffer.from('junk before any frame'),
        encodeMllpFrame('not hl7 at all'),
        encodeMllpFrame(good.toString()),
      ]),
    );
    await new Promise<void>((resolve) => {
      const check = (): void => (replies.length > 0 ? resolve() : void setImmediate(check));
      check();
    });
    socket.destroy();
    expect(replies).toHaveLength(1);
    expect(parseAdrA19(replies[0]!)).toMatchObject({ status: 'found', controlId: good.controlId });
  });

  it('logs no patient data', async () => {
    lines.length = 0;
    await client.send(
      buildOruNote({ mrn: '6930', text: 'Secret note text', controlId: id() }).toString(),
    );
    await client.send(buildA19Query({ mrn: '292392', controlId: id() }).toString());
    const logged = JSON.stringify(lines);
    expect(logged).toContain('hl7 message answered');
    for (const phi of ['6930', '292392', 'Secret note', 'TESTPATIENT', 'WILMA']) {
      expect(logged).not.toContain(phi);
    }
  });

  it('refuses a message with more repetitions in a field than the cap (#16), and keeps answering', async () => {
    // 10,001 PID-3 repetitions (about 190 KB): once read quadratically (seconds of a frozen
    // event loop), now refused by parseHl7's maxRepetitions before any reading
    const reps = Array.from({ length: 10_001 }, (_, i) => `${i}^^^POOL^MRN`).join('~');
    const flood = `MSH|^~\\&|A||B||20260102||ORU^R01|${id()}|P|2.3\rPID|1||${reps}\rOBX|1|TX|||x\r`;
    expect(parseAck(await client.send(flood))).toMatchObject({
      code: 'AR',
      errors: [expect.objectContaining({ code: '100' })],
    });
    const next = buildA19Query({ mrn: '292392', controlId: id() });
    expect(parseAdrA19(await client.send(next.toString())).status).toBe('found');
  });
});
