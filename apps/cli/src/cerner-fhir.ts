#!/usr/bin/env node
import { unsupportedNodeVersion } from '@cerner-kit/mock-cerner';
import { exitWhenFlushed, guardOutputStreams, writeError } from './cli-output.js';
import { FHIR_USAGE, runCernerFhir } from './fhir/run-cerner-fhir.js';

guardOutputStreams();
const argv = process.argv.slice(2);
const tooOld = unsupportedNodeVersion();
if (tooOld) {
  // Help works on any Node, so a user on an old one can read what to install.
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${FHIR_USAGE}\nNote: ${tooOld}\n`);
    await exitWhenFlushed(0);
  }
  writeError(process, { error: 'unsupported_node', message: tooOld });
  await exitWhenFlushed(2);
}
await exitWhenFlushed(await runCernerFhir(argv, process.env, process));
