import { describe, expect, it } from 'vitest';
import { SmartAuthError } from './errors.js';
import {
  assertScopes,
  missingScopes,
  parseScope,
  satisfies,
  splitScopes,
  toScopeStyle,
} from './scopes.js';

const perms = (s: string): string[] => [...(parseScope(s)?.permissions ?? [])].sort();

describe('parseScope', () => {
  it('parses SMART v1 scopes onto v2 letters', () => {
    expect(parseScope('system/Patient.read')).toEqual({
      raw: 'system/Patient.read',
      context: 'system',
      resourceType: 'Patient',
      permissions: new Set(['r', 's']),
      style: 'v1',
    });
    expect(perms('system/Patient.write')).toEqual(['c', 'd', 'u']);
    expect(perms('user/Observation.*')).toEqual(['c', 'd', 'r', 's', 'u']);
    expect(parseScope('patient/*.read')).toMatchObject({
      context: 'patient',
      resourceType: '*',
      style: 'v1',
    });
  });

  it('parses SMART v2 scopes, including every in-order subset of cruds', () => {
    expect(parseScope('system/Encounter.crus')).toMatchObject({
      style: 'v2',
      resourceType: 'Encounter',
    });
    expect(perms('system/Encounter.crus')).toEqual(['c', 'r', 's', 'u']);
    expect(perms('system/Patient.r')).toEqual(['r']);
    expect(perms('system/Coverage.cruds')).toEqual(['c', 'd', 'r', 's', 'u']);
    expect(perms('system/Binary.r')).toEqual(['r']);
    expect(parseScope('system/*.rs')).toMatchObject({ resourceType: '*', style: 'v2' });
  });

  it('keeps a v2 query', () => {
    const s = parseScope(
      'system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory',
    );
    expect(s?.query).toBe(
      'category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory',
    );
    expect(s?.style).toBe('v2');
    expect(parseScope('system/Patient.rs')).not.toHaveProperty('query');
  });

  it('returns undefined for non-resource scopes', () => {
    for (const s of [
      'openid',
      'launch',
      'launch/patient',
      'fhirUser',
      'profile',
      'online_access',
      'offline_access',
      '',
    ]) {
      expect(parseScope(s), s).toBeUndefined();
    }
  });

  it('returns undefined for bad letters, order, repeats, contexts and v1 queries', () => {
    for (const s of [
      'system/Patient.sr',
      'system/Patient.dus',
      'system/Patient.rr',
      'system/Patient.xyz',
      'system/Patient.rsx',
      'system/Patient.',
      'system/Patient.READ',
      'admin/Patient.read',
      'system/.read',
      'system/Patient.read?x=1',
      ' system/Patient.read',
    ]) {
      expect(parseScope(s), s).toBeUndefined();
    }
  });

  it('hands out fresh objects (mutating one cannot corrupt satisfies)', () => {
    const a = parseScope('system/Patient.read')!;
    (a.permissions as Set<string>).add('c');
    expect(perms('system/Patient.read')).toEqual(['r', 's']);
    expect(satisfies('system/Patient.read', 'system/Patient.c')).toBe(false);
  });
});

describe('splitScopes', () => {
  it('splits on any whitespace, trims, de-duplicates and keeps order', () => {
    expect(splitScopes('  system/Patient.read\tsystem/Patient.read\n openid ')).toEqual([
      'system/Patient.read',
      'openid',
    ]);
    expect(splitScopes(['b a', ' a ', 'c'])).toEqual(['b', 'a', 'c']);
    expect(splitScopes('')).toEqual([]);
    expect(splitScopes([])).toEqual([]);
    expect(splitScopes(undefined)).toEqual([]);
  });
});

describe('satisfies / missingScopes', () => {
  it('treats v1 and v2 as equivalent in both directions', () => {
    expect(satisfies('system/Patient.rs', 'system/Patient.read')).toBe(true);
    expect(satisfies('system/Patient.read', 'system/Patient.rs')).toBe(true);
    expect(satisfies('system/Patient.cud', 'system/Patient.write')).toBe(true);
    expect(satisfies('system/Patient.write', 'system/Patient.cud')).toBe(true);
    expect(satisfies('system/Patient.cruds', 'system/Patient.*')).toBe(true);
    expect(satisfies('system/Patient.*', 'system/Patient.crus')).toBe(true);
  });

  it('a subset of permissions covers less', () => {
    expect(satisfies('system/Patient.read', 'system/Patient.r')).toBe(true);
    expect(satisfies('system/Patient.read', 'system/Patient.s')).toBe(true);
    expect(satisfies('system/Patient.r', 'system/Patient.read')).toBe(false);
    expect(satisfies('system/Patient.read', 'system/Patient.write')).toBe(false);
    expect(satisfies('system/Patient.crus', 'system/Patient.write')).toBe(false); // no d
    expect(satisfies('system/Patient.crus', 'system/Patient.c')).toBe(true);
  });

  it('covers a requirement with the union of grants', () => {
    expect(satisfies(['system/Patient.r', 'system/Patient.s'], 'system/Patient.read')).toBe(true);
    expect(satisfies('system/Patient.read system/Patient.write', 'system/Patient.cruds')).toBe(
      true,
    );
    expect(satisfies('system/*.s system/Patient.r', 'system/Patient.rs')).toBe(true);
  });

  it('requires the same context', () => {
    expect(satisfies('user/Patient.read', 'system/Patient.read')).toBe(false);
    expect(satisfies('patient/Patient.read', 'user/Patient.read')).toBe(false);
  });

  it('requires the same resource type unless the grant is a wildcard', () => {
    expect(satisfies('system/Encounter.read', 'system/Patient.read')).toBe(false);
    expect(satisfies('system/*.read', 'system/Patient.rs')).toBe(true);
    expect(satisfies('system/*.cruds', 'system/DocumentReference.write')).toBe(true);
    expect(satisfies('system/Patient.read', 'system/*.read')).toBe(false);
    expect(satisfies('system/*.read', 'system/*.rs')).toBe(true);
  });

  it('a query-qualified grant does not satisfy an unqualified requirement', () => {
    const lab = 'system/Observation.rs?category=laboratory';
    expect(satisfies(lab, 'system/Observation.rs')).toBe(false);
    expect(satisfies(lab, 'system/Observation.read')).toBe(false);
    expect(satisfies(lab, lab)).toBe(true);
    expect(satisfies(lab, 'system/Observation.r?category=laboratory')).toBe(true);
    expect(satisfies(lab, 'system/Observation.rs?category=vital-signs')).toBe(false);
    expect(satisfies('system/Observation.rs', lab)).toBe(true); // unqualified is broader
  });

  it('non-resource scopes must be granted verbatim', () => {
    expect(satisfies('openid fhirUser', 'fhirUser')).toBe(true);
    expect(satisfies('openid', 'fhirUser')).toBe(false);
    expect(satisfies('system/*.cruds', 'launch')).toBe(false);
  });

  it('an invalid required scope is only covered verbatim', () => {
    expect(satisfies('system/Patient.cruds', 'system/Patient.sr')).toBe(false);
    expect(satisfies('system/Patient.sr', 'system/Patient.sr')).toBe(true);
  });

  it('missingScopes returns the uncovered ones as the caller wrote them', () => {
    expect(
      missingScopes('system/Patient.read system/Encounter.read', [
        'system/Patient.rs',
        'system/Patient.write',
        'system/Encounter.read',
        'system/Appointment.read',
      ]),
    ).toEqual(['system/Patient.write', 'system/Appointment.read']);
    expect(missingScopes([], 'system/Patient.read')).toEqual(['system/Patient.read']);
    expect(missingScopes('system/Patient.read', [])).toEqual([]);
    expect(satisfies('', '')).toBe(true);
  });

  it('gives the same answers for a frozen granted list (indexed once) as for a fresh one', () => {
    const frozen = Object.freeze(['system/Patient.rs', 'system/Encounter.read', 'openid']);
    for (let round = 0; round < 3; round++) {
      expect(missingScopes(frozen, 'system/Patient.read')).toEqual([]);
      expect(missingScopes(frozen, ' system/Patient.write ')).toEqual(['system/Patient.write']);
      expect(missingScopes(frozen, ['openid', 'fhirUser'])).toEqual(['fhirUser']);
      expect(missingScopes([...frozen], 'system/Encounter.s system/Appointment.r')).toEqual([
        'system/Appointment.r',
      ]);
    }
  });
});

describe('assertScopes', () => {
  it('throws missing_scope naming the scopes', () => {
    expect(() => assertScopes('system/Patient.rs', 'system/Patient.read')).not.toThrow();
    let err: unknown;
    try {
      assertScopes('system/Patient.read', [
        'system/Patient.read',
        'system/DocumentReference.write',
      ]);
    } catch (e) {
      err = e;
    }
    expect(SmartAuthError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({
      code: 'missing_scope',
      missingScopes: ['system/DocumentReference.write'],
      retryable: false,
    });
    expect((err as Error).message).toContain('system/DocumentReference.write');
    expect((err as Error).message).toContain('Code Console');
  });
});

describe('toScopeStyle', () => {
  it('converts v1 to v2', () => {
    expect(toScopeStyle('system/Patient.read', 'v2')).toBe('system/Patient.rs');
    expect(toScopeStyle('system/Patient.write', 'v2')).toBe('system/Patient.cud');
    expect(toScopeStyle('system/Patient.*', 'v2')).toBe('system/Patient.cruds');
    expect(toScopeStyle('system/*.read', 'v2')).toBe('system/*.rs');
  });

  it('converts v2 to v1 only where expressible', () => {
    expect(toScopeStyle('system/Patient.rs', 'v1')).toBe('system/Patient.read');
    expect(toScopeStyle('system/Patient.cud', 'v1')).toBe('system/Patient.write');
    expect(toScopeStyle('system/Patient.cruds', 'v1')).toBe('system/Patient.*');
    expect(toScopeStyle('system/Patient.r', 'v1')).toBeUndefined();
    expect(toScopeStyle('system/Patient.crus', 'v1')).toBeUndefined();
    expect(toScopeStyle('system/Observation.rs?category=laboratory', 'v1')).toBeUndefined();
  });

  it('keeps the style and query when already there', () => {
    expect(toScopeStyle('system/Patient.read', 'v1')).toBe('system/Patient.read');
    expect(toScopeStyle('system/Observation.rs?category=laboratory', 'v2')).toBe(
      'system/Observation.rs?category=laboratory',
    );
  });

  it('returns undefined for non-resource and invalid scopes', () => {
    expect(toScopeStyle('openid', 'v2')).toBeUndefined();
    expect(toScopeStyle('system/Patient.sr', 'v1')).toBeUndefined();
  });
});
