import type { Request, Response, Router } from 'express';

/**
 * The admin paths and the methods each answers; any other method gets 405 with `Allow`.
 * @example
 * ```ts
 * ADMIN_METHODS['/faults']; // 'GET, HEAD, PUT, DELETE'
 * ```
 */
export const ADMIN_METHODS: Readonly<Record<string, string>> = {
  '/load': 'POST',
  '/reset': 'POST',
  '/faults': 'GET, HEAD, PUT, DELETE',
  '/requests': 'GET, HEAD, DELETE',
  '/journal': 'GET, HEAD',
  '/journal/mark': 'GET, HEAD',
  '/store': 'GET, HEAD',
  '/snapshots': 'GET, HEAD, POST',
  '/snapshots/:id/restore': 'POST',
  '/snapshots/:id': 'DELETE',
};

/**
 * Adds, after the real handlers, a 405 `{error, error_description}` with `Allow` for every other
 * method on the given paths (e.g. `POST /admin/faults`, which is PUT-only).
 *
 * @param router - the router whose handlers are already mounted
 * @param methods - path -> the `Allow` value
 * @example
 * ```ts
 * answerMethodNotAllowed(router, ADMIN_METHODS);
 * ```
 */
export function answerMethodNotAllowed(
  router: Router,
  methods: Readonly<Record<string, string>>,
): void {
  for (const [path, allow] of Object.entries(methods)) {
    router.all(path, (_req: Request, res: Response) => {
      res
        .set('Allow', allow)
        .status(405)
        .json({ error: 'invalid_request', error_description: `method not allowed; use ${allow}` });
    });
  }
}
