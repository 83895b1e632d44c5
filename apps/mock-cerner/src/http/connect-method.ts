import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** The OperationOutcome a `CONNECT` request gets (the same shape as every other 405). */
const BODY = JSON.stringify({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'not-supported', details: { text: 'Method Not Allowed' } }],
});

/**
 * Answers `CONNECT` with 405 like any other unsupported method. Node's HTTP server hands CONNECT to
 * a `'connect'` listener instead of the request handler and, without one, closes the socket with no
 * answer at all; this listener writes a complete 405 response and closes the connection (the
 * socket cannot go back to ordinary request parsing after a CONNECT).
 *
 * @param server - the mock's HTTP server
 * @returns the same server
 * @example
 * ```ts
 * answerConnectWith405(mock.app.listen(0, '127.0.0.1'));
 * ```
 */
export function answerConnectWith405(server: Server): Server {
  server.on('connect', (_req: unknown, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    // Read (and drop) what the peer sends, so its FIN is seen and the socket closes; a paused
    // CONNECT socket stayed half-open forever and kept server.close() from returning.
    socket.resume();
    socket.end(
      'HTTP/1.1 405 Method Not Allowed\r\n' +
        'Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n' +
        'Content-Type: application/fhir+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(BODY)}\r\n` +
        'Connection: close\r\n\r\n' +
        BODY,
      // A CONNECT socket is detached from the server's connection tracking (closeAllConnections
      // does not see it): destroyed once written, so it never holds `server.close()` open.
      () => socket.destroy(),
    );
  });
  return server;
}
