import { describe, expect, it } from 'vitest';
import { runSource } from './__fixtures__/run-source.js';

// process.exit() right after a large write to a pipe used to drop everything past the pipe's
// buffer (exactly 65,536 bytes arrived, exit 0). These run the real entry points as child
// processes whose stdout is a pipe.
describe('output through a pipe', () => {
  it('cerner-fhir prints the whole result (well over 64 KiB) and exits 0', async () => {
    const r = await runSource('cerner-fhir.ts', [
      'run',
      'getPatientEncounters',
      '--patientId',
      '12742400',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(65_536);
    expect(JSON.parse(r.stdout)).toHaveLength(25);
  });

  it('a bin writing 1 MiB then exiting delivers every byte', async () => {
    const r = await runSource('__fixtures__/write-big.ts', ['1048576']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(1_048_576);
  });

  it('a reader that closes the pipe early makes the exit non-zero, never a silent 0', async () => {
    const r = await runSource('__fixtures__/write-big.ts', ['4194304'], { closeStdout: true });
    expect(r.code).not.toBe(0);
    expect(r.stdout.length).toBeLessThan(4_194_304);
  });

  it('cerner-hl7 errors are one JSON line on stderr, exit 2 for usage', async () => {
    const r = await runSource('cerner-hl7.ts', ['a19']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: 'usage', message: '--mrn is required' });
  });
});
