/**
 * The timer functions the MLLP transport schedules its timeouts with (connect, reply, idle and
 * frame deadlines). Inject your own to drive the timeouts from a test without waiting; the default
 * is the global `setTimeout` / `clearTimeout`.
 *
 * @example
 * ```ts
 * const due: (() => void)[] = [];
 * const timers: MllpTimers = { setTimeout: (fn) => due.push(fn), clearTimeout: () => undefined };
 * createMllpServer({ onMessage, timers }); // later: due.forEach((fn) => fn())
 * ```
 */
export interface MllpTimers {
  /** Schedules `fn` after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a handle returned by `setTimeout` (a handle already run or cleared is ignored). */
  clearTimeout(handle: unknown): void;
}

/** @internal The global timers. */
export const systemTimers: MllpTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * @internal One restartable timer: `arm(ms, fn)` replaces any pending one, `clear()` cancels it.
 */
export class MllpTimer {
  readonly #timers: MllpTimers;
  #handle: unknown;
  #armed = false;

  constructor(timers: MllpTimers) {
    this.#timers = timers;
  }

  get armed(): boolean {
    return this.#armed;
  }

  arm(ms: number, fn: () => void): void {
    this.clear();
    this.#armed = true;
    this.#handle = this.#timers.setTimeout(() => {
      this.#armed = false;
      this.#handle = undefined;
      fn();
    }, ms);
  }

  clear(): void {
    if (this.#armed) this.#timers.clearTimeout(this.#handle);
    this.#armed = false;
    this.#handle = undefined;
  }
}
