import { describe, expect, it } from 'vitest';
import { runDemo } from './run-demo.js';

function io() {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    out: () => out,
    err: () => err,
  };
}

describe('runDemo', () => {
  it('--help prints the usage; a stray argument is a usage error (exit 2, one JSON line)', async () => {
    const a = io();
    expect(await runDemo(['--help'], a)).toBe(0);
    expect(a.out()).toContain('--json');
    const b = io();
    expect(await runDemo(['--jsno'], b)).toBe(2);
    expect(JSON.parse(b.err())).toMatchObject({ error: 'usage' });
  });

  it('--json runs every step and reports the counts, the inputs and what to run next', async () => {
    const a = io();
    expect(await runDemo(['--json'], a)).toBe(0);
    expect(a.out().trimEnd().split('\n')).toHaveLength(1);
    const r = JSON.parse(a.out());
    expect(r.ok).toBe(true);
    expect(r.counts).toEqual({ fhirActions: 7, hl7Steps: 3, succeeded: 10, total: 10 });
    expect(r.inputs.newPatient.family).toBe('Demo');
    expect(r.steps.every((s: { explain: string }) => s.explain.length > 40)).toBe(true);
    expect(r.next.join(' ')).toContain('./dev start');
  });

  it('the table explains MRN, encounter class, LOINC, A19, ORU and MLLP, and the slow first create', async () => {
    const a = io();
    expect(await runDemo([], a)).toBe(0);
    const out = a.out();
    for (const word of [
      'MRN (medical record number',
      'encounter class',
      'LOINC code',
      'QRY^A19',
      'ORU^R01',
      'MLLP (HL7',
      'This first call is the slow one',
      '10 of 10 steps succeeded: 7 FHIR actions and 3 HL7 steps.',
      'Next:',
      'Inputs: a new patient Dana Demo',
    ]) {
      expect(out).toContain(word);
    }
  });
});
