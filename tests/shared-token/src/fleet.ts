import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FleetReply, FleetRequest } from './fleet-protocol.js';

type Body<T> = T extends unknown ? Omit<T, 'id'> : never;
type Ran = Extract<FleetReply, { type: 'ran' }>;

/** One worker process and a request/reply channel to it. */
export interface FleetWorker {
  request(m: Body<FleetRequest>): Promise<FleetReply>;
  process: ChildProcess;
}

const WORKER = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url));

/** Forks a worker (Node strips its types; it loads the packages' dist/). */
export function forkWorker(): FleetWorker {
  const child = fork(WORKER, [], {
    execArgv: ['--no-warnings'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<
    number,
    { resolve: (r: FleetReply) => void; reject: (e: Error) => void }
  >();
  child.on('message', (r: FleetReply) => {
    const p = pending.get(r.id);
    if (p === undefined) return;
    pending.delete(r.id);
    if (r.type === 'error') p.reject(new Error(`worker ${child.pid}: ${r.message}`));
    else p.resolve(r);
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`worker exited (${code})`));
    pending.clear();
  });
  return {
    process: child,
    request(m) {
      const id = ++next;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...m, id });
      });
    },
  };
}

/** A fleet of workers driven together. */
export interface Fleet {
  workers: FleetWorker[];
  all(m: Body<FleetRequest>): Promise<FleetReply[]>;
  run(calls: number, patientId: string): Promise<Ran[]>;
  stop(): Promise<void>;
}

/**
 * Forks `n` workers.
 *
 * @param n - how many processes
 * @returns the fleet
 */
export function startFleet(n: number): Fleet {
  const workers = Array.from({ length: n }, () => forkWorker());
  const all = (m: Body<FleetRequest>): Promise<FleetReply[]> =>
    Promise.all(workers.map((w) => w.request(m)));
  return {
    workers,
    all,
    run: async (calls, patientId) => (await all({ type: 'run', calls, patientId })) as Ran[],
    async stop() {
      await Promise.all(
        workers.map(async (w) => {
          if (w.process.exitCode !== null || !w.process.connected) return;
          const exited = new Promise((r) => w.process.once('exit', r));
          await w.request({ type: 'stop' }).catch(() => undefined);
          w.process.kill();
          await exited;
        }),
      );
    },
  };
}
