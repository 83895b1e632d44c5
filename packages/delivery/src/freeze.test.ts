import { FhirActionError } from '@cerner-kit/fhir-r4-actions';
import { Hl7Error } from '@cerner-kit/hl7-adapters';
import { describe, expect, it } from 'vitest';
import { DELIVERY_IDENTIFIER_SYSTEM, freezeHl7, freezeNote, freezePatient } from './freeze.js';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');

describe('freezing at enqueue', () => {
  it('a note gets its period now, and the frozen input survives JSON', () => {
    const p = freezeNote({ patientId: '1', encounterId: '2', text: 'x' }, NOW);
    expect(p).toEqual({
      kind: 'createClinicalNote',
      input: {
        patientId: '1',
        encounterId: '2',
        text: 'x',
        periodStart: '2026-03-01T10:00:00.000Z',
        periodEnd: '2026-03-01T10:00:00.000Z',
      },
    });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
  it('a patient carries the delivery identifier after its own', () => {
    const p = freezePatient(
      { assigningOrganizationId: '675844', family: 'A', given: 'B' },
      'd-1',
      NOW,
    );
    expect(p.kind === 'createPatient' && p.input.identifiers?.at(-1)).toMatchObject({
      system: DELIVERY_IDENTIFIER_SYSTEM,
      value: 'd-1',
    });
  });
  it('an HL7 message is built once: MSH-7 from the clock and one MSH-10, resent as the same text', () => {
    const p = freezeHl7({ mrn: '123', text: 'Seen.' }, NOW);
    if (p.kind !== 'hl7') throw new Error('kind');
    expect(p.text).toContain('|20260301100000');
    expect(p.text.split('|')[9]).toBe(p.controlId);
    expect(p.controlId).not.toBe('');
  });
  it('bad input is the action typed error naming the field', () => {
    const e = (() => {
      try {
        freezeNote({ patientId: '1', encounterId: '2', text: '   ' }, NOW);
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(FhirActionError.isInstance(e) && e.field).toBe('text');
    expect(() => freezeHl7({ mrn: '1', text: 'x', message: 'ADT^A01' as never }, NOW)).toThrow(
      Hl7Error,
    );
  });
});
