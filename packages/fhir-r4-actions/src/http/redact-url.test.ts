import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('removes the query and the fragment', () => {
    expect(redactUrl('https://x/r4/t/Patient?identifier=urn%3Aoid%3A1%7C700123')).toBe(
      'https://x/r4/t/Patient?…',
    );
    expect(redactUrl('https://x/r4/t/Patient/1#frag')).toBe('https://x/r4/t/Patient/1');
    expect(redactUrl('https://x/r4/t/Patient/1')).toBe('https://x/r4/t/Patient/1');
  });
});

describe('redactUrl with ids', () => {
  it('replaces the id after each resource type, keeps the base, operations and versions', () => {
    const r = (u: string): string => redactUrl(u, { ids: true });
    expect(r('https://x/r4/t-1/Patient/12724066')).toBe('https://x/r4/t-1/Patient/{id}');
    expect(r('https://x/r4/t/Patient/1/_history/2')).toBe('https://x/r4/t/Patient/{id}/_history/2');
    expect(r('https://x/r4/t/Encounter/9/$everything?x=1')).toBe(
      'https://x/r4/t/Encounter/{id}/$everything?…',
    );
    expect(r('https://x/r4/t/Patient?identifier=1|2')).toBe('https://x/r4/t/Patient?…');
    expect(r('https://x/r4/t/Patient/_search')).toBe('https://x/r4/t/Patient/_search');
    expect(r('https://x/FHIR/R4/t/Patient/7')).toBe('https://x/FHIR/R4/t/Patient/{id}');
    expect(r('http://127.0.0.1:8080/r4/t/Binary/XR-9#a')).toBe(
      'http://127.0.0.1:8080/r4/t/Binary/{id}',
    );
    expect(r('Patient/5')).toBe('Patient/{id}');
  });
});
