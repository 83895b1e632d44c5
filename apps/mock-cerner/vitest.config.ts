import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: { name: 'unit', exclude: ['test/shared-mock/**', '**/node_modules/**'] },
        },
        {
          // Test files that share ONE real mock-cerner process (dist/bin.js, started once by the
          // global setup), each with its own tenant, running in parallel.
          extends: true,
          test: {
            name: 'shared-mock',
            include: ['test/shared-mock/**/*.test.ts'],
            // `include` is merged with the shared one: leave out every other test.
            exclude: ['src/**', 'test/*.test.ts', '**/node_modules/**'],
            globalSetup: ['./test/shared-mock/global-setup.ts'],
            fileParallelism: true,
            maxWorkers: 2,
          },
        },
      ],
    },
  }),
);
