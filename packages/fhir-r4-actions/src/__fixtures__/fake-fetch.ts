/** One recorded fetch call. */
export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
  /** The `redirect` mode asked of fetch (undefined: fetch's default, `follow`). */
  redirect: RequestRedirect | undefined;
}

export type Handler = (call: FetchCall) => Response | Promise<Response>;

/** A fetch that records calls and answers from handlers in turn (the last one repeats). */
export type FakeFetch = typeof fetch & { calls: FetchCall[] };

export function fakeFetch(...handlers: Handler[]): FakeFetch {
  const calls: FetchCall[] = [];
  const f = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const call: FetchCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
      redirect: init.redirect,
    };
    calls.push(call);
    const handler = handlers[Math.min(calls.length - 1, handlers.length - 1)];
    if (!handler) throw new Error('fakeFetch: no handler');
    return handler(call);
  }) as FakeFetch;
  f.calls = calls;
  return f;
}

/** A FHIR JSON response. */
export const fhirJson = (
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/fhir+json;charset=utf-8', ...headers },
  });

/** Cerner's create answer: 201, empty body, `text/html`, absolute Location, ETag. */
export const created = (location: string, extra: Record<string, string> = {}): Response =>
  new Response(null, {
    status: 201,
    headers: {
      Location: location,
      Etag: 'W/"0"',
      'Content-Type': 'text/html',
      'X-Request-Id': 'req-create-1',
      ...extra,
    },
  });

/** A fetch failure the way undici reports one (TypeError with a coded cause). */
export const networkError = (code = 'ECONNRESET'): TypeError =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(`socket ${code}`), { code }) });

/** A fetch that never answers until aborted. */
export const hang: Handler = (call) =>
  new Promise<Response>((_resolve, reject) => {
    call.signal?.addEventListener('abort', () =>
      reject(new DOMException('This operation was aborted', 'AbortError')),
    );
  });
