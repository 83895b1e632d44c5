import { describe, expect, it } from 'vitest';
import { idFromLocation } from './location.js';

describe('idFromLocation', () => {
  it("reads Cerner's absolute Location", () => {
    expect(
      idFromLocation(
        'https://fhir-ehr-code.cerner.com/r4/0f6c1a52-7d1e-4b8e-9a55-2f1d7e3c9b10/Patient/5786010',
        'Patient',
      ),
    ).toBe('5786010');
  });
  it('strips /_history/{n}, a trailing slash, a query and a fragment', () => {
    expect(idFromLocation('https://x/r4/t/Patient/12/_history/3', 'Patient')).toBe('12');
    expect(idFromLocation('https://x/r4/t/DocumentReference/201051629/', 'DocumentReference')).toBe(
      '201051629',
    );
    expect(
      idFromLocation('https://x/r4/t/DocumentReference/7?_format=json#x', 'DocumentReference'),
    ).toBe('7');
  });
  it('reads relative Locations', () => {
    expect(idFromLocation('Patient/12/_history/0', 'Patient')).toBe('12');
    expect(idFromLocation('/Patient/A-1.b', 'Patient')).toBe('A-1.b');
  });
  it('ignores absent, foreign-type and malformed Locations', () => {
    expect(idFromLocation(null, 'Patient')).toBeUndefined();
    expect(idFromLocation('', 'Patient')).toBeUndefined();
    expect(idFromLocation('https://x/r4/t/Encounter/1', 'Patient')).toBeUndefined();
    expect(idFromLocation('https://x/r4/t/Patient', 'Patient')).toBeUndefined();
    expect(idFromLocation('https://x/r4/t/Patient/_history/2', 'Patient')).toBeUndefined();
    expect(idFromLocation('https://x/r4/t/Patient/bad%20id', 'Patient')).toBeUndefined();
    expect(idFromLocation(`https://x/r4/t/Patient/${'1'.repeat(65)}`, 'Patient')).toBeUndefined();
  });
});
