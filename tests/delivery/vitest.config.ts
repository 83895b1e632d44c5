import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The suites share two CPU cores with PostgreSQL and the mock: one file at a time.
export default mergeConfig(
  sharedConfig,
  defineConfig({ test: { fileParallelism: false, testTimeout: 60_000, hookTimeout: 30_000 } }),
);
