import { SmartAuthError } from './errors.js';

/** fetch with a timeout; maps abort and network failures to SmartAuthError. @internal */
export async function fetchWithTimeout(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  what: 'discovery' | 'token request',
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetchFn(url, { ...init, signal: controller.signal });
  } catch (cause) {
    if (controller.signal.aborted) {
      throw new SmartAuthError('timeout', `The ${what} timed out after ${timeoutMs} ms`, { retryable: true, cause });
    }
    throw new SmartAuthError('network', `The ${what} failed: ${cause instanceof Error ? cause.message : 'network error'}`, {
      retryable: true,
      cause,
    });
  } finally {
    clearTimeout(timer);
  }
}
