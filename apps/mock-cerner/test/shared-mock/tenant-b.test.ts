import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTenant } from '../../src/testing/index.js';
import { createAndSearchPatients } from './tenant-isolation.js';

describe.skipIf(!process.env.MOCK_CERNER_URL)('shared mock, file B', () => {
  const tenant = useTestTenant({ beforeAll, afterAll });

  it('creates and searches patients with the same MRN as file A without seeing its data', async () => {
    const { id, mrn } = await createAndSearchPatients(tenant(), 'FILE-B');
    // A fresh tenant hands out the same first id and MRN: the other file got the same ones.
    expect(id).toBe('200000001');
    expect(mrn).toBe('800001');
  });
});
