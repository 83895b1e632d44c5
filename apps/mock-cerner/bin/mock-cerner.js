#!/usr/bin/env node
// The committed entry point of the `mock-cerner` bin, so a workspace install can link it before
// the first build (dist/ does not exist yet). Everything is in src/bin.ts.
import '../dist/bin.js';
