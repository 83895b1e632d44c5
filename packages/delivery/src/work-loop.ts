import type { Logger } from '@cerner-kit/fhir-r4-actions';
import type { PgBoss } from 'pg-boss';
import { RetryLater } from './worker.js';

/** @internal N fetch loops over one queue, each running one job at a time. */
export interface WorkLoop {
  /** Wakes idle loops (a job was just queued in this process). */
  wake(): void;
  /** Stops fetching and waits for running jobs. */
  stop(): Promise<void>;
}

/**
 * @internal Runs `concurrency` loops: fetch one job (pg-boss applies `key_strict_fifo`), run the
 * handler, complete it or fail it (pg-boss retries it after the delay the handler set). An idle
 * loop waits `pollMs` or until {@link WorkLoop.wake}.
 */
export function startWorkLoop(options: {
  boss: PgBoss;
  queue: string;
  concurrency: number;
  pollMs: number;
  logger: Logger;
  handle: (jobId: string, data: { deliveryId: string }) => Promise<void>;
}): WorkLoop {
  const { boss, queue, logger } = options;
  let stopping = false;
  const sleepers = new Set<() => void>();
  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, options.pollMs);
      sleepers.add(done);
    });

  async function loop(): Promise<void> {
    while (!stopping) {
      let job: { id: string; data: { deliveryId: string }; retryCount: number } | undefined;
      try {
        [job] = await boss.fetch<{ deliveryId: string }>(queue, { batchSize: 1 });
      } catch (e) {
        logger.warn('delivery: fetch failed', { code: (e as { code?: string }).code ?? 'error' });
      }
      if (!job) {
        if (!stopping) await idle();
        continue;
      }
      const attempt = { id: job.id, retryCount: job.retryCount };
      try {
        await options.handle(job.id, job.data);
        await boss.complete(queue, attempt);
      } catch (e) {
        if (!(e instanceof RetryLater)) {
          logger.error('delivery: handler failed', { id: job.data.deliveryId });
        }
        await boss
          .fail(queue, attempt, { code: e instanceof RetryLater ? e.code : 'handler_error' })
          .catch(() => undefined); // expiry brings it back
      }
    }
  }

  const loops = Array.from({ length: options.concurrency }, () => loop());
  return {
    wake() {
      for (const s of [...sleepers]) s();
    },
    async stop() {
      stopping = true;
      for (const s of [...sleepers]) s();
      await Promise.all(loops);
    },
  };
}
