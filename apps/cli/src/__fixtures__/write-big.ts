// A child process for the pipe tests: writes `n` bytes to stdout, then exits 0 the way the bins do.
import { exitWhenFlushed, guardOutputStreams } from '../cli-output.js';

guardOutputStreams();
const n = Number(process.argv[2] ?? '1048576');
process.stdout.write(`${'x'.repeat(n - 1)}\n`);
await exitWhenFlushed(0);
