/**
 * Test fixtures in the shapes of Cerner's authorization server (written for these tests from the
 * published wire formats; ids are made up).
 */
import type { Logger } from '../logger.js';

export const TENANT = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
export const TOKEN_URL = `https://authorization.cerner.com/tenants/${TENANT}/protocols/oauth2/profiles/smart-v1/token`;
export const FHIR_BASE = `https://fhir-ehr-code.cerner.com/r4/${TENANT}`;
export const CLIENT_ID = 'bb318a62-fa61-49ae-b692-7d99214f0ec7';
export const SECRET = 'Sup3r-s3cret-value-9f1c2d';

/** Cerner's error_uri: the URN names the cause, then a correlation id, client and tenant. */
export function cernerErrorUri(urnTail: string, clientId = CLIENT_ID): string {
  const urn = encodeURIComponent(`urn:cerner:error:authorization-server:${urnTail}`);
  return `https://authorization.cerner.com/errors/${urn}/instances/6813f4e8-18a2-4745-941c-9898536f4585?client=${clientId}&tenant=${TENANT}`;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      ...headers,
    },
  });
}

/** Cerner's success body, keys in wire order. */
export function cernerToken(
  accessToken: string,
  scope: string | undefined,
  expiresIn: number = 570,
): Record<string, unknown> {
  return {
    access_token: accessToken,
    ...(scope !== undefined ? { scope } : {}),
    token_type: 'Bearer',
    expires_in: expiresIn,
  };
}

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  form: URLSearchParams;
}

export type Responder = (call: RecordedCall, n: number) => Response | Promise<Response>;

/**
 * A fetch that records each call and answers with `respond`. By default it behaves like a Cerner
 * token endpoint granting every requested scope, with numbered tokens.
 */
export function fakeFetch(respond?: Responder): typeof fetch & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const f = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call: RecordedCall = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      form: new URLSearchParams(typeof init?.body === 'string' ? init.body : ''),
    };
    const n = calls.push(call);
    await Promise.resolve();
    return respond
      ? respond(call, n)
      : json(cernerToken(`token-${n}`, call.form.get('scope') ?? undefined));
  };
  return Object.assign(f, { calls }) as typeof fetch & { calls: RecordedCall[] };
}

/** A fetch that never answers until aborted. */
export function hangingFetch(): typeof fetch {
  return ((_input: unknown, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error));
    })) as typeof fetch;
}

/**
 * Tracks whether a promise has settled, so a fake-timer test can prove that a timeout does not
 * fire before its time (and not only that it fires by then).
 */
export function settlement(p: Promise<unknown>): { readonly settled: boolean } {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  return {
    get settled() {
      return settled;
    },
  };
}

export interface LogLine {
  level: keyof Logger;
  msg: string;
  fields: Record<string, unknown> | undefined;
}

/** A Logger that keeps every line. */
export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: keyof Logger) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, msg, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
