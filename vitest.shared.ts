import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. Workspace packages resolve to their TypeScript sources through the
 * `@cerner-kit/source` export condition, so tests and typecheck need no prior build.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['@cerner-kit/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@cerner-kit/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    passWithNoTests: true,
    testTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results.json' },
  },
});
