import { describe, expect, it } from 'vitest';
import { idFromLocation } from './location.js';
import { parseRetryAfter } from './retry-after.js';

describe('idFromLocation', () => {
  it('reads absolute, relative and versioned Locations', () => {
    expect(idFromLocation('https://fhir-ehr-code.cerner.com/r4/t/Patient/5786010', 'Patient')).toBe('5786010');
    expect(idFromLocation('Patient/12/_history/0', 'Patient')).toBe('12');
    expect(idFromLocation('https://x/r4/t/DocumentReference/201051629?x=1', 'DocumentReference')).toBe('201051629');
    expect(idFromLocation('https://x/r4/t/Encounter/1', 'Patient')).toBeUndefined();
    expect(idFromLocation(null, 'Patient')).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', 0)).toBe(5000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
