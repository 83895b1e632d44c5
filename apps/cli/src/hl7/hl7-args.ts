import { parseArgs } from 'node:util';

/** The usage text of `cerner-hl7`. */
export const HL7_USAGE = `Usage:
  cerner-hl7 a19 --mrn <mrn> [--host H] [--port P]
      QRY^A19 demographics query; prints the FHIR Patient (exit 1 when not found)
  cerner-hl7 send-note --mrn <mrn> --text <text> [--title T] [--visit V] [--loinc CODE] [--mdm] [--host H] [--port P]
      sends the note as ORU^R01 (or MDM^T02 with --mdm); prints the ACK (exit 1 unless AA or CA);
      a literal \\n in --text starts a new line

Options:
  --host H        MLLP host (default CERNER_HL7_HOST, else 127.0.0.1)
  --port P        MLLP port (default CERNER_HL7_PORT, else 2575 when a host is given)
  --timeout MS    reply timeout in ms (default 10000)
  --version V     HL7 version in MSH-12 (default 2.3)
  --json          one line of JSON instead of indented
  --help          this text

Errors are one JSON line on stderr. Exit codes: 0 done, 1 not found / not accepted / transport
failure, 2 usage, input or configuration error.

Without --host/--port and without CERNER_HL7_HOST/CERNER_HL7_PORT, an embedded mock Cerner
sandbox answers.
`;

/** Where to send: an MLLP endpoint, or the embedded mock. */
export type Hl7Endpoint =
  { kind: 'remote'; host: string; port: number } | { kind: 'embedded-mock' };

/** A parsed `cerner-hl7` command line. */
export type Hl7Command =
  | { command: 'help' }
  | { command: 'a19'; mrn: string; endpoint: Hl7Endpoint; timeoutMs: number; version?: string }
  | {
      command: 'send-note';
      mrn: string;
      text: string;
      title?: string;
      visit?: string;
      loinc?: string;
      mdm: boolean;
      endpoint: Hl7Endpoint;
      timeoutMs: number;
      version?: string;
    };

/** A command line the user must fix; the message says what is wrong. */
export class Hl7UsageError extends Error {
  override readonly name = 'Hl7UsageError';
}

function port(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > 65535) {
    throw new Hl7UsageError(`${name} must be an integer from 1 to 65535`);
  }
  return n;
}

/**
 * The endpoint from flags and environment: flags win over `CERNER_HL7_HOST` / `CERNER_HL7_PORT`;
 * with a host but no port, 2575; with a port but no host, 127.0.0.1; with neither, the embedded mock.
 *
 * @param flags - `--host` and `--port` as given
 * @param env - the environment
 * @returns the endpoint
 * @throws Hl7UsageError for a bad port
 * @example
 * ```ts
 * resolveHl7Endpoint({}, { CERNER_HL7_PORT: '2575' }); // { kind: 'remote', host: '127.0.0.1', port: 2575 }
 * ```
 */
export function resolveHl7Endpoint(
  flags: { host?: string; port?: string },
  env: NodeJS.ProcessEnv,
): Hl7Endpoint {
  const host = flags.host ?? (env.CERNER_HL7_HOST || undefined);
  const rawPort = flags.port ?? (env.CERNER_HL7_PORT || undefined);
  if (host === undefined && rawPort === undefined) return { kind: 'embedded-mock' };
  if (host !== undefined && host.trim() === '') throw new Hl7UsageError('--host must not be empty');
  const portName = flags.port !== undefined ? '--port' : 'CERNER_HL7_PORT';
  return {
    kind: 'remote',
    host: host ?? '127.0.0.1',
    port: rawPort === undefined ? 2575 : port(rawPort, portName),
  };
}

/**
 * Parses `cerner-hl7` arguments (after the program name).
 *
 * @param argv - the arguments, e.g. `['a19', '--mrn', '292392']`
 * @param env - the environment (for `CERNER_HL7_HOST` / `CERNER_HL7_PORT`)
 * @returns the command
 * @throws Hl7UsageError naming the flag at fault
 * @example
 * ```ts
 * parseHl7Args(['send-note', '--mrn', '6930', '--text', 'Seen today.', '--mdm'], {});
 * ```
 */
export function parseHl7Args(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Hl7Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help' };
  }
  if (command !== 'a19' && command !== 'send-note') {
    throw new Hl7UsageError(`unknown command ${command}; use a19 or send-note`);
  }
  if (rest.includes('--help') || rest.includes('-h')) return { command: 'help' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        mrn: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        timeout: { type: 'string' },
        version: { type: 'string' },
        ...(command === 'send-note'
          ? {
              text: { type: 'string' },
              title: { type: 'string' },
              visit: { type: 'string' },
              loinc: { type: 'string' },
              mdm: { type: 'boolean', default: false },
            }
          : {}),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new Hl7UsageError((e as Error).message);
  }
  const str = (k: string): string | undefined =>
    typeof values[k] === 'string' ? values[k] : undefined;
  const mrn = str('mrn')?.trim();
  if (!mrn) throw new Hl7UsageError('--mrn is required');
  const endpoint = resolveHl7Endpoint(
    {
      ...(str('host') !== undefined ? { host: str('host') } : {}),
      ...(str('port') !== undefined ? { port: str('port') } : {}),
    },
    env,
  );
  const rawTimeout = str('timeout');
  const timeoutMs = rawTimeout === undefined ? 10_000 : Number(rawTimeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new Hl7UsageError('--timeout must be a positive number of milliseconds');
  }
  const version = str('version');
  if (version !== undefined && !/^2\.\d+(\.\d+)?$/.test(version)) {
    throw new Hl7UsageError('--version must look like 2.3 or 2.5.1');
  }
  const common = { mrn, endpoint, timeoutMs, ...(version !== undefined ? { version } : {}) };
  if (command === 'a19') return { command, ...common };
  const text = str('text');
  if (text === undefined || text.trim() === '') throw new Hl7UsageError('--text is required');
  const loinc = str('loinc');
  if (loinc !== undefined && !/^\d{1,7}-\d$/.test(loinc)) {
    throw new Hl7UsageError('--loinc must be a LOINC code like 11506-3');
  }
  const optional = (k: 'title' | 'visit'): Partial<Record<'title' | 'visit', string>> => {
    const v = str(k);
    if (v !== undefined && v.trim() === '') throw new Hl7UsageError(`--${k} must not be empty`);
    return v === undefined ? {} : { [k]: v };
  };
  return {
    command,
    ...common,
    text: text.replace(/\\n/g, '\n'),
    ...optional('title'),
    ...optional('visit'),
    ...(loinc !== undefined ? { loinc } : {}),
    mdm: values.mdm === true,
  };
}
