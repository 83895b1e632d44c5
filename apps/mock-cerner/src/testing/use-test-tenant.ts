import { createTestTenant, type TestTenant, type TestTenantOptions } from './test-tenant.js';

/** The hooks of a test runner: vitest's, jest's, mocha's or node:test's (`before`/`after`). */
export interface RunnerHooks {
  beforeAll: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => Promise<void>) => void;
  /** With `each: 'reset'` or `'tenant'`. */
  beforeEach?: (fn: () => Promise<void>) => void;
  /** With `each: 'tenant'`. */
  afterEach?: (fn: () => Promise<void>) => void;
}

/** Options of {@link useTestTenant}: the tenant's, plus what happens per test. */
export interface UseTestTenantOptions extends TestTenantOptions {
  /**
   * `file` (default): one tenant for the file, created before its tests, deleted after;
   * `reset`: the same, reset to its start state before each test;
   * `tenant`: a new tenant for each test.
   */
  each?: 'file' | 'reset' | 'tenant';
}

/**
 * Gives a test file (or each test) its own tenant on a shared mock, seeded, with a client, and
 * deletes it after. Pass your runner's hooks, so this works in any runner:
 *
 * @param hooks - `{ beforeAll, afterAll }` (and `beforeEach`/`afterEach` for `each`)
 * @param options - see {@link UseTestTenantOptions}
 * @returns a getter for the current tenant (call it inside tests)
 * @throws TypeError when `each` needs a hook that was not given
 * @example
 * ```ts
 * import { afterAll, beforeAll, beforeEach, it } from 'vitest';
 * const tenant = useTestTenant({ beforeAll, afterAll, beforeEach }, { each: 'reset' });
 * it('creates a patient', async () => {
 *   const { fhirBaseUrl, tokenUrl, client } = tenant();
 * });
 * ```
 */
export function useTestTenant(
  hooks: RunnerHooks,
  options: UseTestTenantOptions = {},
): () => TestTenant {
  const { each = 'file', ...tenantOptions } = options;
  let current: TestTenant | undefined;
  const drop = async (): Promise<void> => {
    const t = current;
    current = undefined;
    await t?.delete();
  };
  if (each === 'tenant') {
    if (!hooks.beforeEach || !hooks.afterEach) {
      throw new TypeError("hooks: each: 'tenant' needs beforeEach and afterEach");
    }
    hooks.beforeEach(async () => {
      current = await createTestTenant(tenantOptions);
    });
    hooks.afterEach(drop);
  } else {
    hooks.beforeAll(async () => {
      current = await createTestTenant(tenantOptions);
    });
    hooks.afterAll(drop);
    if (each === 'reset') {
      if (!hooks.beforeEach) throw new TypeError("hooks: each: 'reset' needs beforeEach");
      hooks.beforeEach(async () => {
        await current?.reset();
      });
    }
  }
  return () => {
    if (!current) throw new Error('useTestTenant: the tenant exists only inside tests');
    return current;
  };
}
