import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { secretsEqual } from '../auth/constant-time.js';

/** Who may use the admin API and the inspector (see {@link adminGuard}). */
export interface AdminAccessOptions {
  /** Answer non-loopback peers too; needs `adminToken`. */
  allowRemoteAdmin?: boolean;
  /** The admin token (`Authorization: Bearer <token>`); required for remote peers. */
  adminToken?: string;
  /** Require the token from every peer, loopback included (the mock listens beyond loopback). */
  requireAdminToken?: boolean;
  /** The configured public origin: its host name is allowed in `Host` and `Origin`. */
  publicUrl?: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True for 127.0.0.0/8 and ::1, including IPv4-mapped IPv6.
 *
 * @param address - the peer address
 * @returns whether it is loopback
 * @example
 * ```ts
 * isLoopback('::ffff:127.0.0.1'); // true
 * ```
 */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || a.startsWith('127.');
}

/**
 * Whether a Content-Type is JSON (`application/json`, `application/*+json`, any parameters).
 *
 * @param req - the request (or anything with headers)
 * @returns true for JSON
 * @example
 * ```ts
 * express.json({ type: isJsonContentType });
 * ```
 */
export function isJsonContentType(req: { headers: Request['headers'] }): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type);
}

/** The host name of a `Host` header value (`[::1]:8080` -> `[::1]`, `a.b:80` -> `a.b`). */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * The admin API's and inspector's gate, in this order:
 * 1. the peer: loopback, or `allowRemoteAdmin` with the admin token (403 otherwise);
 * 2. the token, when one is configured and required (`requireAdminToken`, or a remote peer):
 *    `Authorization: Bearer <adminToken>` (401 otherwise);
 * 3. without a valid token, `Host` must name loopback (`localhost`, `127.0.0.1`, `[::1]`) or the
 *    public URL's host (403: DNS rebinding);
 * 4. writes (any method but GET/HEAD/OPTIONS): an `Origin`, when sent, must be the request's own
 *    origin or the public URL's (403: a page on another origin), and a body must be
 *    `application/json` (415: HTML forms and `no-cors` fetches can only send form and text bodies).
 * A write without a body (e.g. `POST /admin/reset`) needs no Content-Type.
 *
 * @param options - see {@link AdminAccessOptions}
 * @returns the middleware, mounted before every admin route
 * @throws TypeError when `allowRemoteAdmin` is set without `adminToken`, or the token is short
 * @example
 * ```ts
 * app.use('/admin', adminGuard({ publicUrl }), adminRouter);
 * ```
 */
export function adminGuard(options: AdminAccessOptions = {}): RequestHandler {
  const { adminToken } = options;
  if (options.allowRemoteAdmin && !adminToken) {
    throw new TypeError('allowRemoteAdmin: needs adminToken (remote admin is token-only)');
  }
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new TypeError('adminToken: at least 16 characters');
  }
  const publicHost = options.publicUrl ? new URL(options.publicUrl).host.toLowerCase() : undefined;
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  const deny = (res: Response, status: number, description: string): void => {
    res.status(status).json({ error: 'forbidden', error_description: description });
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const loopback = isLoopback(req.socket.remoteAddress);
    if (!loopback && !options.allowRemoteAdmin) {
      return deny(res, 403, 'the admin API answers loopback clients only');
    }
    const presented = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const tokenOk =
      adminToken !== undefined && presented !== undefined && secretsEqual(presented, adminToken);
    if ((options.requireAdminToken || !loopback) && !tokenOk) {
      if (adminToken === undefined) {
        return deny(res, 403, 'the admin API needs an admin token here (start with --admin-token)');
      }
      res.set('WWW-Authenticate', 'Bearer realm="mock-cerner admin"');
      return deny(res, 401, 'admin token required: Authorization: Bearer <admin token>');
    }
    const host = req.headers.host ?? '';
    if (
      !tokenOk &&
      !LOOPBACK_NAMES.has(hostName(host)) &&
      !hostName(host).startsWith('127.') &&
      host.toLowerCase() !== publicHost
    ) {
      return deny(res, 403, 'Host is not a loopback name or the public URL (DNS rebinding)');
    }
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `${req.protocol}://${host}` && origin !== publicOrigin) {
      return deny(res, 403, 'Origin: admin writes are same-origin only');
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return deny(res, 403, 'Sec-Fetch-Site: admin writes are same-origin only');
    }
    if (hasBody(req) && !isJsonContentType(req)) {
      res.status(415).json({
        error: 'invalid_request',
        error_description: 'Content-Type: admin writes take application/json',
      });
      return;
    }
    next();
  };
}
