import { describe, expect, it } from 'vitest';
import { loadStructureValidator, structureValidatorLoadMs } from './validate-structure.js';
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
});
