import { describe, expect, it } from 'vitest';
import { cernerCodeSetSystem, SANDBOX_TENANT_ID } from './constants.js';
import { cernerFhirBasePath, cernerFhirBaseUrl, cernerTokenPath, cernerTokenUrl } from './urls.js';

describe('Cerner URL layout', () => {
  it('builds the sandbox and production FHIR bases', () => {
    expect(cernerFhirBaseUrl(SANDBOX_TENANT_ID, 'sandbox')).toBe(
      'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
    );
    expect(cernerFhirBaseUrl(' t1 ', 'production')).toBe('https://fhir-ehr.cerner.com/r4/t1');
  });
  it('builds the token URL and both token path forms', () => {
    expect(cernerTokenUrl('t1')).toBe(
      'https://authorization.cerner.com/tenants/t1/protocols/oauth2/profiles/smart-v1/token',
    );
    expect(cernerTokenPath('t1', 'fhir-ehr-code.cerner.com')).toBe(
      '/tenants/t1/hosts/fhir-ehr-code.cerner.com/protocols/oauth2/profiles/smart-v1/token',
    );
    expect(cernerFhirBasePath('t1')).toBe('/r4/t1');
  });
  it('encodes the tenant and refuses an empty one', () => {
    expect(cernerFhirBasePath('a/b')).toBe('/r4/a%2Fb');
    expect(() => cernerTokenUrl(' ')).toThrow(TypeError);
    expect(() => cernerFhirBaseUrl('', 'sandbox')).toThrow(/tenantId/);
  });
  it('names a tenant code set', () => {
    expect(cernerCodeSetSystem('t1', 72)).toBe('https://fhir.cerner.com/t1/codeSet/72');
  });
});
