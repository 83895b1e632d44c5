import { actionKeys, describeActionInput } from '@cerner-kit/fhir-r4-actions';
import { describe, expect, it } from 'vitest';
import { actionHelp } from './action-help.js';

describe('actionHelp (cerner-fhir run <action> --help)', () => {
  it('lists every input field as a flag, with its scopes and a usage line', () => {
    for (const key of actionKeys) {
      const text = actionHelp(key);
      for (const f of describeActionInput(key)) expect(text, key).toContain(`--${f.name}`);
      expect(text).toContain(`Usage: cerner-fhir run ${key}`);
    }
    const help = actionHelp('findPatientByMrn');
    expect(help).toContain('Scopes: system/Patient.read (SMART v2: system/Patient.s)');
    expect(help).toContain('Usage: cerner-fhir run findPatientByMrn --mrn …');
    expect(help).toMatch(/--mrn +required, string: The medical record number/);
    expect(actionHelp('createPatient')).toMatch(/--given .*\(repeat the flag for a list\)\n/);
  });
});
