import { describe, expect, it } from 'vitest';
import {
  loadStructureValidator,
  MAX_REPORTED_VIOLATIONS,
  MAX_VALIDATED_VALUES,
  structureValidatorLoadMs,
} from './validate-structure.js';
import type { Patient } from 'fhir/r4.js';

describe('loadStructureValidator', () => {
  it('keeps the event loop turning while it loads, and loads once', async () => {
    let turns = 0;
    const tick = setInterval(() => (turns += 1), 0);
    const first = loadStructureValidator();
    expect(loadStructureValidator()).toBe(first);
    await first;
    clearInterval(tick);
    expect(turns).toBeGreaterThan(1);
    expect(structureValidatorLoadMs()).toBeGreaterThan(0);
  });

  it('names the element of a Patient that breaks R4 and passes a valid one', async () => {
    const validate = await loadStructureValidator();
    expect(
      validate({
        resourceType: 'Patient',
        name: [{ family: 'Doe' }],
        birthDate: '1980-08-11',
      } as Patient),
    ).toEqual([]);
    const bad = validate({ resourceType: 'Patient', birthDate: '08/11/1980' } as never);
    expect(bad.map((v) => v.path)).toContain('Patient.birthDate');
    expect(bad.every((v) => v.code === 'structure')).toBe(true);
    const unknown = validate({ resourceType: 'Patient', nickname: 'Jo' } as never);
    expect(unknown.length).toBeGreaterThan(0);
  });

  it('checks DocumentReference and leaves contained resources alone', async () => {
    const validate = await loadStructureValidator();
    const doc = {
      resourceType: 'DocumentReference' as const,
      status: 'current' as const,
      content: [{ attachment: { contentType: 'text/plain', data: 'aGk=' } }],
    };
    expect(validate(doc)).toEqual([]);
    expect(validate({ ...doc, status: 7 } as never).map((v) => v.path)).toContain(
      'DocumentReference.status',
    );
    expect(
      validate({ resourceType: 'DocumentReference', status: 'current' } as never).length,
    ).toBeGreaterThan(0);
    expect(
      validate({ ...doc, content: [{ attachment: { size: 'big' } }] } as never).length,
    ).toBeGreaterThan(0);
    expect(
      validate({ ...doc, contained: [{ resourceType: 'Organization', name: 'X' }] } as never),
    ).toEqual([]);
  });

  // issue #16: a 2 MB malformed meta took 27 s and produced a 358 MB OperationOutcome.
  it('reports the first violations and a count, not one per malformed element', async () => {
    const validate = await loadStructureValidator();
    const doc = {
      resourceType: 'DocumentReference',
      status: 'current',
      content: [{ attachment: { contentType: 'text/plain', data: 'aGk=' } }],
      meta: { tag: Array.from({ length: 500 }, () => ({ code: 5, system: [1] })) },
    };
    const out = validate(doc as never);
    expect(out).toHaveLength(MAX_REPORTED_VIOLATIONS + 1);
    expect(out.at(-1)!.text).toMatch(/^\d+ more structural errors not listed$/);
  });

  it('refuses a body with more values than it validates, without running the validator on it', async () => {
    const validate = await loadStructureValidator();
    const doc = {
      resourceType: 'DocumentReference',
      status: 'current',
      content: [{ attachment: { contentType: 'text/plain', data: 'aGk=' } }],
      meta: { tag: Array.from({ length: MAX_VALIDATED_VALUES }, () => ({ code: 5 })) },
    };
    const out = validate(doc as never);
    expect(out).toEqual([
      {
        path: 'DocumentReference',
        text: expect.stringMatching(/^too large to validate/),
        code: 'structure',
      },
    ]);
  });
});
