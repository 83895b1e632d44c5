export {
  createTestTenant,
  MockAdminError,
  type JournalEntry,
  type JournalQuery,
  type TestTenant,
  type TestTenantClient,
  type TestTenantOptions,
} from './test-tenant.js';
export { useTestTenant, type RunnerHooks, type UseTestTenantOptions } from './use-test-tenant.js';
export { startSharedMock, type SharedMock } from './shared-mock.js';
