import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { basic, defaultBasic, expectCernerError, testMock } from './auth-helpers.js';

const BODY = 'grant_type=client_credentials&scope=system%2FPatient.read';

/** A raw HTTP/1.1 POST on a socket: it can carry the same header twice (fetch and supertest merge it). */
function rawPost(
  port: number,
  path: string,
  headers: [string, string][],
): Promise<{ status: number; body: unknown; headers: Record<string, string | undefined> }> {
  return new Promise((resolve, reject) => {
    const lines = [
      `POST ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: close',
      'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${Buffer.byteLength(BODY)}`,
      ...headers.map(([k, v]) => `${k}: ${v}`),
    ];
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`${lines.join('\r\n')}\r\n\r\n${BODY}`),
    );
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (raw += c));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', text = ''] = raw.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const h: Record<string, string | undefined> = {};
      for (const l of headerLines) {
        const i = l.indexOf(':');
        h[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the assertion shows it
      }
      resolve({ status: Number(statusLine.split(' ')[1]), body, headers: h });
    });
  });
}

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('token endpoint: Authorization headers', () => {
  it('refuses a request with two Authorization headers (good + bad, bad + good) as invalid_client', async () => {
    const { mock, tokenPath } = testMock();
    const server = mock.app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const good = defaultBasic();
    const bad = basic('someone-else', 'wrong');
    expect(await rawPost(port, tokenPath, [['Authorization', good]])).toMatchObject({
      status: 200,
    });
    for (const pair of [
      [good, bad],
      [bad, good],
      [good, good],
    ]) {
      const res = await rawPost(
        port,
        tokenPath,
        pair.map((v) => ['Authorization', v]),
      );
      expectCernerError(res, 401, 'invalid_client', 'invalid-authorization-header');
    }
  });
});
