import { Hl7Error } from '../errors.js';
import type { MllpReturnAck } from './client-options.js';
import { MllpTimer, type MllpTimers } from './timers.js';

/** How one send waits: its timeout, abort signal and which reply settles it. */
export interface PendingWait {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  returnAck: MllpReturnAck;
}

interface Entry {
  wait: PendingWait;
  resolve: (reply: string) => void;
  reject: (error: Error) => void;
}

/** What {@link PendingReplies.deliver} did with a reply. */
export type DeliveryOutcome = 'resolved' | 'commit_ack' | 'unmatched';

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error
    ? reason
    : new DOMException('The operation was aborted', 'AbortError');
}

/**
 * @internal The sends of one client that wait for their reply, keyed by control id. Every entry
 * settles exactly once: by its reply, its timeout, its abort signal, or a failure of the
 * connection; `onEmpty` runs whenever the last one settles (the client then arms its idle timer).
 */
export class PendingReplies {
  readonly #entries = new Map<string, Entry>();
  readonly #timers: MllpTimers;
  readonly #onEmpty: () => void;
  readonly #onTimeout: (timeoutMs: number) => void;

  constructor(timers: MllpTimers, onEmpty: () => void, onTimeout: (timeoutMs: number) => void) {
    this.#timers = timers;
    this.#onEmpty = onEmpty;
    this.#onTimeout = onTimeout;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /**
   * Registers a send; the promise settles with its reply or an error.
   * @throws DOMException / the signal's reason when the signal is already aborted
   */
  add(id: string, wait: PendingWait): Promise<string> {
    const { signal } = wait;
    if (signal?.aborted) throw abortReason(signal);
    return new Promise<string>((resolve, reject) => {
      const timer = new MllpTimer(this.#timers);
      const finish = (): boolean => {
        if (this.#entries.get(id) !== entry) return false;
        this.#entries.delete(id);
        timer.clear();
        signal?.removeEventListener('abort', onAbort);
        if (this.#entries.size === 0) this.#onEmpty();
        return true;
      };
      const onAbort = (): void => {
        if (finish()) reject(abortReason(signal));
      };
      const entry: Entry = {
        wait,
        resolve: (reply) => {
          if (finish()) resolve(reply);
        },
        reject: (error) => {
          if (finish()) reject(error);
        },
      };
      this.#entries.set(id, entry);
      timer.arm(wait.timeoutMs, () => {
        if (this.#entries.get(id) !== entry) return;
        this.#onTimeout(wait.timeoutMs);
        entry.reject(
          new Hl7Error('timeout', `mllp reply not received within ${wait.timeoutMs} ms`, {
            retryable: true,
          }),
        );
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Hands a reply to the send waiting for `id`. A commit accept (`CA`) for a send that waits for
   * the application acknowledgement leaves it waiting.
   */
  deliver(
    id: string | undefined,
    reply: string,
    ackCode: () => string | undefined,
  ): DeliveryOutcome {
    const entry = id === undefined ? undefined : this.#entries.get(id);
    if (entry === undefined) return 'unmatched';
    if (entry.wait.returnAck === 'application' && ackCode()?.toUpperCase() === 'CA') {
      return 'commit_ack';
    }
    entry.resolve(reply);
    return 'resolved';
  }

  /** Rejects one send, if it is still waiting. */
  fail(id: string, error: Error): void {
    this.#entries.get(id)?.reject(error);
  }

  /** Rejects the send waiting, when exactly one is; returns whether one was. */
  failOnly(error: Error): boolean {
    if (this.#entries.size !== 1) return false;
    const [only] = this.#entries.values();
    only?.reject(error);
    return true;
  }

  /** Rejects every send waiting. */
  failAll(error: Error): void {
    for (const entry of [...this.#entries.values()]) entry.reject(error);
  }
}
