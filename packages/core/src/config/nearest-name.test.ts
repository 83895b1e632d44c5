import { describe, expect, it } from 'vitest';
import { nearestName } from './nearest-name.js';

const names = ['CERNER_CLIENT_ID', 'CERNER_CLIENT_SECRET', 'CERNER_KEY_ID', 'CERNER_TENANT_ID'];

describe('nearestName', () => {
  it('finds a name typed without its underscore or in another case', () => {
    expect(nearestName('CERNER_CLIENTID', names)).toBe('CERNER_CLIENT_ID');
    expect(nearestName('cerner_tenant_id', names)).toBe('CERNER_TENANT_ID');
  });
  it('finds a misspelling and a swap of two letters', () => {
    expect(nearestName('CERNER_CLEINT_SECRET', names)).toBe('CERNER_CLIENT_SECRET');
    expect(nearestName('CERNER_TENNAT_ID', names)).toBe('CERNER_TENANT_ID');
  });
  it('gives nothing when no name is close', () => {
    expect(nearestName('CERNER_SOMETHING_ELSE_ENTIRELY', names)).toBeUndefined();
  });
});
