import { buildAck, createMllpServer, parseHl7 } from '@cerner-kit/hl7-adapters';
import { startMockCerner } from '@cerner-kit/mock-cerner';
import { describe, expect, it } from 'vitest';
import { Hl7UsageError, parseHl7Args, resolveHl7Endpoint } from './hl7/hl7-args.js';
import { runCernerHl7 } from './hl7/run-cerner-hl7.js';

function io(): {
  out: () => string;
  err: () => string;
  stdout: { write(s: string): boolean };
  stderr: { write(s: string): boolean };
} {
  let out = '';
  let err = '';
  return {
    out: () => out,
    err: () => err,
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
  };
}

describe('parseHl7Args', () => {
  it('parses a19 and send-note', () => {
    expect(parseHl7Args(['a19', '--mrn', '292392'])).toEqual({
      command: 'a19',
      mrn: '292392',
      endpoint: { kind: 'embedded-mock' },
      timeoutMs: 10_000,
    });
    expect(
      parseHl7Args([
        'send-note',
        '--mrn',
        '6930',
        '--text',
        'a\\nb',
        '--title',
        'T',
        '--visit',
        'FIN1',
        '--mdm',
        '--port',
        '2575',
      ]),
    ).toEqual({
      command: 'send-note',
      mrn: '6930',
      text: 'a\nb',
      title: 'T',
      visit: 'FIN1',
      mdm: true,
      endpoint: { kind: 'remote', host: '127.0.0.1', port: 2575 },
      timeoutMs: 10_000,
    });
    expect(parseHl7Args([])).toEqual({ command: 'help' });
    expect(parseHl7Args(['--help'])).toEqual({ command: 'help' });
  });

  it('names the flag at fault', () => {
    const bad: [string[], RegExp][] = [
      [['a19'], /--mrn is required/],
      [['a19', '--mrn', ' '], /--mrn is required/],
      [['send-note', '--mrn', '1'], /--text is required/],
      [['a19', '--mrn', '1', '--port', 'x'], /--port must be an integer/],
      [['a19', '--mrn', '1', '--port', '70000'], /--port must be an integer/],
      [['a19', '--mrn', '1', '--text', 'x'], /Unknown option '--text'/],
      [['a19', '--mrn', '1', '--timeout', '0'], /--timeout/],
      [['send-note', '--mrn', '1', '--text', 'x', '--loinc', 'abc'], /--loinc/],
      [['adt', '--mrn', '1'], /unknown command adt/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseHl7Args(argv), argv.join(' ')).toThrow(message);
    }
    expect(() => parseHl7Args(['a19'])).toThrow(Hl7UsageError);
  });

  it('takes the endpoint from flags, then CERNER_HL7_HOST / CERNER_HL7_PORT', () => {
    expect(resolveHl7Endpoint({}, {})).toEqual({ kind: 'embedded-mock' });
    expect(resolveHl7Endpoint({}, { CERNER_HL7_HOST: 'hl7.example.org' })).toEqual({
      kind: 'remote',
      host: 'hl7.example.org',
      port: 2575,
    });
    expect(resolveHl7Endpoint({}, { CERNER_HL7_PORT: '6661' })).toEqual({
      kind: 'remote',
      host: '127.0.0.1',
      port: 6661,
    });
    expect(
      resolveHl7Endpoint({ host: 'a', port: '1' }, { CERNER_HL7_HOST: 'b', CERNER_HL7_PORT: '2' }),
    ).toEqual({ kind: 'remote', host: 'a', port: 1 });
    expect(() => resolveHl7Endpoint({}, { CERNER_HL7_PORT: 'nope' })).toThrow(/CERNER_HL7_PORT/);
  });
});

describe('runCernerHl7', () => {
  it('prints usage: 0 for help, 2 for a usage error', async () => {
    const a = io();
    expect(await runCernerHl7(['--help'], {}, a)).toBe(0);
    expect(a.out()).toContain('cerner-hl7 a19 --mrn');
    const b = io();
    expect(await runCernerHl7(['a19'], {}, b)).toBe(2);
    expect(b.err()).toMatch(/--mrn is required/);
    for (const argv of [
      ['a19', '--help'],
      ['send-note', '-h'],
      ['a19', '--mrn', '1', '--help'],
    ]) {
      const c = io();
      expect(await runCernerHl7(argv, {}, c), argv.join(' ')).toBe(0);
      expect(c.out()).toContain('cerner-hl7 send-note --mrn');
      expect(c.err()).toBe('');
    }
  });

  it('a19 against the embedded mock prints the Patient; exit 1 when not found', async () => {
    const a = io();
    expect(await runCernerHl7(['a19', '--mrn', '292392'], {}, a)).toBe(0);
    const patient = JSON.parse(a.out());
    expect(patient).toMatchObject({ resourceType: 'Patient', birthDate: '1984-11-02' });
    const b = io();
    expect(await runCernerHl7(['a19', '--mrn', '0000000001'], {}, b)).toBe(1);
    // The same as cerner-fhir findPatientByMrn: a not_found line, exit 1 (was plain text).
    expect(b.err()).toMatch(/^\{"error":"not_found","message":"no patient has that MRN/m);
    expect(b.err()).not.toContain('0000000001');
    expect(b.err()).toMatch(/^note: no CERNER_\* variables set, so an embedded throwaway mock/);
  });

  it('--json prints one line and is not a flag of the command', async () => {
    const a = io();
    expect(await runCernerHl7(['a19', '--json', '--mrn', '292392'], {}, a)).toBe(0);
    expect(a.out().trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(a.out())).toMatchObject({ resourceType: 'Patient' });
  });

  it('usage, input and configuration errors are exit 2, one JSON line without a prefix', async () => {
    const cases: [string[], NodeJS.ProcessEnv, Record<string, unknown>][] = [
      [['a19'], {}, { error: 'usage', message: '--mrn is required' }],
      [['a19', '--mrn', '1', '--bogus'], {}, { error: 'usage' }],
      [
        ['a19', '--mrn', '1'],
        { CERNER_HL7_PROT: '2575' },
        {
          error: 'invalid_config',
          field: 'CERNER_HL7_PROT',
          message: expect.stringContaining('did you mean CERNER_HL7_PORT?'),
        },
      ],
    ];
    for (const [argv, env, expected] of cases) {
      const a = io();
      expect(await runCernerHl7(argv, env, a), argv.join(' ')).toBe(2);
      expect(a.err().trimEnd().split('\n')).toHaveLength(1);
      expect(JSON.parse(a.err())).toMatchObject(expected);
    }
  });

  it('send-note to a running mock (flags) prints the ACK; exit 1 for an unknown patient', async () => {
    const mock = await startMockCerner({ port: 0, mllpPort: 0 });
    try {
      const flags = ['--host', '127.0.0.1', '--port', String(mock.mllpPort)];
      const a = io();
      expect(
        await runCernerHl7(
          ['send-note', '--mrn', '6930', '--text', 'Seen today.', '--title', 'Visit', ...flags],
          {},
          a,
        ),
      ).toBe(0);
      expect(JSON.parse(a.out())).toMatchObject({ code: 'AA', ok: true });
      expect(mock.mock.state.store.documentsOf('12724066')).toHaveLength(1);
      const b = io();
      expect(
        await runCernerHl7(
          ['send-note', '--mrn', '0000000001', '--text', 'x', '--mdm'],
          { CERNER_HL7_PORT: String(mock.mllpPort) },
          b,
        ),
      ).toBe(1);
      expect(JSON.parse(b.out())).toMatchObject({
        code: 'AE',
        errors: [expect.objectContaining({ code: '204' })],
      });
    } finally {
      await mock.close();
    }
  });

  it('send-note exits 0 for an enhanced-mode commit accept (CA) from the peer', async () => {
    const server = createMllpServer({
      onMessage: (text) => buildAck(parseHl7(text), { code: 'CA' }).toString(),
    });
    const { port } = await server.listen();
    try {
      const a = io();
      expect(
        await runCernerHl7(
          ['send-note', '--mrn', '6930', '--text', 'x', '--port', String(port)],
          {},
          a,
        ),
      ).toBe(0);
      expect(JSON.parse(a.out())).toMatchObject({ code: 'CA', ok: true });
      expect(a.err()).toBe('');
    } finally {
      await server.close();
    }
  });

  it('a transport failure is exit 1 with the error code', async () => {
    const mock = await startMockCerner({ port: 0, mllpPort: 0 });
    const port = mock.mllpPort!;
    await mock.close();
    const a = io();
    expect(await runCernerHl7(['a19', '--mrn', '1', '--port', String(port)], {}, a)).toBe(1);
    expect(JSON.parse(a.err())).toMatchObject({
      error: 'connection',
      message: `mllp cannot connect to 127.0.0.1:${port} (ECONNREFUSED)`,
      retryable: true,
      hint: expect.stringMatching(/is an MLLP listener running there/),
    });
  });
});
