import { describe, expect, it } from 'vitest';
import { runCernerFhir } from './run-cerner-fhir.js';

function io() {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    out: () => out,
    err: () => err,
    /** The stderr lines that are JSON (the error lines), parsed. */
    errors: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('runCernerFhir', () => {
  it('--help and no arguments print the usage (exit 0), wherever --help stands', async () => {
    for (const argv of [[], ['--help'], ['actions', '-h'], ['run', '--help']]) {
      const a = io();
      expect(await runCernerFhir(argv, {}, a), argv.join(' ')).toBe(0);
      expect(a.out()).toContain('cerner-fhir run <action>');
    }
    const b = io();
    expect(await runCernerFhir(['run', 'getPatient', '--patientId', '1', '--help'], {}, b)).toBe(0);
    expect(b.out()).toContain('patientId');
    expect(b.err()).toBe('');
  });

  it('usage errors are exit 2 and one JSON line on stderr without a prefix', async () => {
    for (const argv of [
      ['frobnicate'],
      ['run'],
      ['run', 'getPatinet'],
      ['run', 'getPatient', 'stray'],
      ['run', 'getPatient', '--input', '{not json'],
      ['run', 'getPatient', '--input', '[1]'],
    ]) {
      const a = io();
      expect(await runCernerFhir(argv, {}, a), argv.join(' ')).toBe(2);
      expect(a.err().trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(a.errors()[0]).toMatchObject({ error: 'usage', message: expect.any(String) });
      expect(a.out()).toBe('');
    }
  });

  it('input refused before sending is exit 2 naming the field', async () => {
    const a = io();
    expect(await runCernerFhir(['run', 'getPatient', '--patientID', '1'], {}, a)).toBe(2);
    expect(a.errors()).toEqual([
      expect.objectContaining({ error: 'invalid_input', field: 'patientId' }),
    ]);
  });

  it('a configuration error is exit 2, one JSON line naming the variable; a typo is named', async () => {
    const a = io();
    expect(
      await runCernerFhir(['run', 'getPatient', '--patientId', '1'], { CERNER_TENANT_ID: 't' }, a),
    ).toBe(2);
    expect(a.errors()).toEqual([
      expect.objectContaining({ error: 'invalid_config', field: 'CERNER_ENVIRONMENT' }),
    ]);
    const b = io();
    expect(
      await runCernerFhir(['run', 'getPatient', '--patientId', '1'], { CERNER_CLIENTID: 'c' }, b),
    ).toBe(2);
    expect(b.errors()[0]).toMatchObject({
      error: 'invalid_config',
      field: 'CERNER_CLIENTID',
      message: expect.stringContaining('did you mean CERNER_CLIENT_ID?'),
    });
    expect(b.err().trimEnd().split('\n')).toHaveLength(1);
  });

  it('--json is not an input field: it prints one line; the embedded mock says so on stderr', async () => {
    const a = io();
    expect(
      await runCernerFhir(['run', 'findPatientByMrn', '--json', '--mrn', '292392'], {}, a),
    ).toBe(0);
    expect(a.out()).toBe('{"id":"13115400"}\n');
    expect(a.err()).toMatch(/^note: no CERNER_\* variables set, so an embedded throwaway mock/);
  });

  it('a not-found MRN is exit 1 with a not_found line, as in cerner-hl7', async () => {
    const a = io();
    expect(await runCernerFhir(['run', 'findPatientByMrn', '--mrn', '0000000001'], {}, a)).toBe(1);
    expect(a.out()).toBe('');
    expect(a.errors()).toEqual([{ error: 'not_found', message: 'no patient has that MRN' }]);
    expect(a.err()).not.toContain('0000000001');
  });

  it('a failed action is exit 1 with its code and status', async () => {
    const a = io();
    expect(await runCernerFhir(['run', 'getPatient', '--patientId', '99999999'], {}, a)).toBe(1);
    expect(a.errors()).toEqual([
      expect.objectContaining({ error: 'not_found', status: 404, retryable: false }),
    ]);
  });
});
