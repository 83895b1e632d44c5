import { describe, expect, it } from 'vitest';
import { cernerFhirBaseUrl, cernerTokenUrl } from './urls.js';

describe('Cerner URLs', () => {
  const tenant = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
  it('FHIR base per environment', () => {
    expect(cernerFhirBaseUrl(tenant, 'sandbox')).toBe(
      `https://fhir-ehr-code.cerner.com/r4/${tenant}`,
    );
    expect(cernerFhirBaseUrl(tenant, 'production')).toBe(
      `https://fhir-ehr.cerner.com/r4/${tenant}`,
    );
    expect(cernerFhirBaseUrl('Y62ncCuwN85GGa7s0iz44XRnQoc9qr60', 'production')).toBe(
      'https://fhir-ehr.cerner.com/r4/Y62ncCuwN85GGa7s0iz44XRnQoc9qr60',
    );
  });
  it('token URL', () => {
    expect(cernerTokenUrl(tenant)).toBe(
      `https://authorization.cerner.com/tenants/${tenant}/protocols/oauth2/profiles/smart-v1/token`,
    );
  });
  it('refuses an empty tenant and encodes odd ones', () => {
    expect(() => cernerTokenUrl(' ')).toThrow(TypeError);
    expect(() => cernerFhirBaseUrl('', 'sandbox')).toThrow(TypeError);
    expect(cernerFhirBaseUrl('a/b', 'sandbox')).toBe('https://fhir-ehr-code.cerner.com/r4/a%2Fb');
  });
});
