import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSharedMock } from '../../src/testing/index.js';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** Starts one real mock-cerner process for the shared-mock test files; stops it after. */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(bin) && process.env.CI !== 'true') {
    console.log('shared-mock tests skipped: build @cerner-kit/mock-cerner first (pnpm build)');
    return undefined;
  }
  const mock = await startSharedMock({ bin });
  return () => mock.stop();
}
