import { describe, expect, it } from 'vitest';
import { fhirUrlTemplate } from './url-template.js';

const TENANT = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
const BASE = `https://fhir-ehr-code.cerner.com/r4/${TENANT}`;
const t = (url: string): string => fhirUrlTemplate(url, `/r4/${TENANT}`, TENANT);

describe('fhirUrlTemplate', () => {
  it('templates reads, searches, creates and paging links without ids or query values', () => {
    expect(t(`${BASE}/Patient/12724066`)).toBe('/r4/{tenant}/Patient/{id}');
    expect(t(`${BASE}/Patient?identifier=urn:oid:2.16.840.1.113883.6.1000%7C7734221`)).toBe(
      '/r4/{tenant}/Patient',
    );
    expect(t(`${BASE}/Encounter?patient=12724066&-pageContext=abc&-pageDirection=NEXT`)).toBe(
      '/r4/{tenant}/Encounter',
    );
    expect(t(`${BASE}/DocumentReference`)).toBe('/r4/{tenant}/DocumentReference');
    expect(t(`${BASE}/metadata`)).toBe('/r4/{tenant}/metadata');
    expect(t(`${BASE}/.well-known/smart-configuration`)).toBe(
      '/r4/{tenant}/.well-known/smart-configuration',
    );
  });

  it('history, operations and type-level searches', () => {
    expect(t(`${BASE}/Patient/1/_history/2`)).toBe('/r4/{tenant}/Patient/{id}/_history/{vid}');
    expect(t(`${BASE}/Patient/_search`)).toBe('/r4/{tenant}/Patient/_search');
    expect(t(`${BASE}/Patient/12/$everything`)).toBe('/r4/{tenant}/Patient/{id}/$everything');
    expect(t(`${BASE}/$export`)).toBe('/r4/{tenant}/$export');
  });

  it('stops at the first segment it does not know', () => {
    expect(t(`${BASE}/Patient/12/Zebulon/Quagmire`)).toBe('/r4/{tenant}/Patient/{id}/{path}');
    expect(t(`${BASE}/smith`)).toBe('/r4/{tenant}/{path}');
  });

  it('a proxy base: words kept, digits templated; a URL off the base is templated whole', () => {
    expect(
      fhirUrlTemplate('http://127.0.0.1:8080/proxy/v2/fhir/Patient/1', '/proxy/v2/fhir', ''),
    ).toBe('/proxy/{segment}/fhir/Patient/{id}');
    expect(t('https://fhir-ehr-code.cerner.com/other/12724066')).toBe('/{path}');
    expect(t('not a url')).toBe('/{path}');
  });

  it('a percent-encoded tenant is still the tenant', () => {
    expect(fhirUrlTemplate('http://h/r4/a%20b/Patient/1', '/r4/a%20b', 'a b')).toBe(
      '/r4/{tenant}/Patient/{id}',
    );
  });
});
