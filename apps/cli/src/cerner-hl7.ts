#!/usr/bin/env node
import { runCernerHl7 } from './hl7/run-cerner-hl7.js';

runCernerHl7(process.argv.slice(2), process.env, process).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`cerner-hl7: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
