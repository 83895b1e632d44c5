#!/usr/bin/env node
import { unsupportedNodeVersion } from '@cerner-kit/mock-cerner';
import { exitWhenFlushed, guardOutputStreams, writeError } from './cli-output.js';
import { DEMO_USAGE, runDemo } from './run-demo.js';

guardOutputStreams();
const argv = process.argv.slice(2);
const tooOld = unsupportedNodeVersion();
if (tooOld) {
  // Help works on any Node, so a user on an old one can read what to install.
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${DEMO_USAGE}\nNote: ${tooOld}\n`);
    await exitWhenFlushed(0);
  }
  writeError(process, { error: 'unsupported_node', message: tooOld });
  await exitWhenFlushed(2);
}
const code = await runDemo(argv, process).catch((e: unknown) => {
  writeError(process, { error: 'failed', message: e instanceof Error ? e.message : String(e) });
  return 1;
});
await exitWhenFlushed(code);
