#!/usr/bin/env node
import { unsupportedNodeVersion } from '@cerner-kit/mock-cerner';
import { runCernerHl7 } from './hl7/run-cerner-hl7.js';

const tooOld = unsupportedNodeVersion();
if (tooOld) {
  process.stderr.write(`cerner-hl7: ${tooOld}\n`);
  process.exit(1);
}
runCernerHl7(process.argv.slice(2), process.env, process).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`cerner-hl7: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
