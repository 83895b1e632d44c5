import { describe, expect, it } from 'vitest';
import { missingScopes, parseScope, satisfies, splitScopes, toScopeStyle } from './scopes.js';

describe('parseScope', () => {
  it('parses v1 and v2 resource scopes', () => {
    expect([...parseScope('system/Patient.read')!.permissions]).toEqual(['r', 's']);
    expect(parseScope('system/Patient.write')!.style).toBe('v1');
    expect([...parseScope('system/Encounter.crus')!.permissions]).toEqual(['c', 'r', 'u', 's']);
    expect(parseScope('system/Observation.rs?category=laboratory')!.query).toBe('category=laboratory');
    expect(parseScope('patient/*.read')!.resourceType).toBe('*');
  });
  it('rejects non-resource and malformed scopes', () => {
    for (const s of ['openid', 'launch', 'system/Patient.sr', 'system/Patient.xyz', 'system/Patient.rr', 'admin/Patient.read', 'system/Patient.read?x=1']) {
      expect(parseScope(s), s).toBeUndefined();
    }
  });
});

describe('satisfies / missingScopes', () => {
  it('treats v1 and v2 as equivalent', () => {
    expect(satisfies('system/Patient.rs', 'system/Patient.read')).toBe(true);
    expect(satisfies('system/Patient.read', 'system/Patient.rs')).toBe(true);
    expect(satisfies('system/Patient.write', 'system/Patient.c')).toBe(true);
    expect(satisfies('system/Patient.cud', 'system/Patient.write')).toBe(true);
  });
  it('unions grants and names what is missing', () => {
    expect(satisfies(['system/Patient.r', 'system/Patient.s'], 'system/Patient.read')).toBe(true);
    expect(missingScopes('system/Patient.r', ['system/Patient.read'])).toEqual(['system/Patient.read']);
    expect(missingScopes('system/Patient.read system/Encounter.read', ['system/Patient.read', 'system/Patient.write', 'system/Encounter.rs'])).toEqual([
      'system/Patient.write',
    ]);
  });
  it('requires the same context and resource type, honours wildcards', () => {
    expect(satisfies('user/Patient.read', 'system/Patient.read')).toBe(false);
    expect(satisfies('system/Encounter.read', 'system/Patient.read')).toBe(false);
    expect(satisfies('system/*.read', 'system/Patient.rs')).toBe(true);
  });
  it('a query-qualified grant does not cover an unqualified need', () => {
    expect(satisfies('system/Observation.rs?category=laboratory', 'system/Observation.rs')).toBe(false);
    expect(satisfies('system/Observation.rs?category=laboratory', 'system/Observation.rs?category=laboratory')).toBe(true);
  });
  it('non-resource scopes must be granted verbatim', () => {
    expect(satisfies('openid fhirUser', 'fhirUser')).toBe(true);
    expect(satisfies('openid', 'fhirUser')).toBe(false);
  });
});

describe('splitScopes / toScopeStyle', () => {
  it('splits, trims and de-duplicates', () => {
    expect(splitScopes('  system/Patient.read\tsystem/Patient.read openid ')).toEqual(['system/Patient.read', 'openid']);
    expect(splitScopes(['a b', 'b c'])).toEqual(['a', 'b', 'c']);
    expect(splitScopes(undefined)).toEqual([]);
  });
  it('converts between styles where expressible', () => {
    expect(toScopeStyle('system/Patient.read', 'v2')).toBe('system/Patient.rs');
    expect(toScopeStyle('system/Patient.*', 'v2')).toBe('system/Patient.cruds');
    expect(toScopeStyle('system/Patient.cud', 'v1')).toBe('system/Patient.write');
    expect(toScopeStyle('system/Patient.r', 'v1')).toBeUndefined();
    expect(toScopeStyle('openid', 'v2')).toBeUndefined();
  });
});
