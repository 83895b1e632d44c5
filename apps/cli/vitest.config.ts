import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The CLI's tests run whole commands: each starts an embedded mock (the demo runs ten steps
// against one) and some start child processes; on a loaded 2-core machine that takes longer
// than the shared 20 s. No test waits on a timer: this is only the give-up limit.
export default mergeConfig(sharedConfig, defineConfig({ test: { testTimeout: 120_000 } }));
