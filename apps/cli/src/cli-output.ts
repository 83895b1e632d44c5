/** Where a CLI writes: `process` in the bins, a recorder in tests. */
export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/**
 * One error as the CLIs print it: a single JSON line on stderr, no prefix. `error` is a stable
 * code (`usage`, `invalid_config`, `invalid_input`, `not_found`, an action's or HL7 error code).
 */
export interface CliError {
  error: string;
  message: string;
  /** The flag, input field or variable at fault. */
  field?: string;
  [extra: string]: unknown;
}

/**
 * Writes one error line (JSON, no prefix) to stderr.
 *
 * @param io - where to write
 * @param e - the error
 * @returns nothing
 * @example
 * ```ts
 * writeError(process, { error: 'usage', message: 'run needs an action', hint: 'cerner-fhir --help' });
 * ```
 */
export function writeError(io: CliIo, e: CliError): void {
  io.stderr.write(`${JSON.stringify(e)}\n`);
}

/**
 * Prints a result: indented JSON, or one line with `--json`.
 *
 * @param io - where to write
 * @param value - the result
 * @param oneLine - `--json` was given
 * @returns nothing
 * @example
 * ```ts
 * writeJson(process, { id: '13115400' }, false);
 * ```
 */
export function writeJson(io: CliIo, value: unknown, oneLine: boolean): void {
  io.stdout.write(`${JSON.stringify(value, null, oneLine ? undefined : 2)}\n`);
}

/** The stderr line when no `CERNER_*` variable is set and an embedded mock answers. */
export const EMBEDDED_MOCK_NOTICE =
  'note: no CERNER_* variables set, so an embedded throwaway mock Cerner sandbox answered (its data is gone when the command ends; set CERNER_FHIR_BASE_URL and the others to use a tenant or ./dev start)\n';

/**
 * Splits the global flags (`--json`, `--help` / `-h`) off the arguments, wherever they stand, so
 * they are never read as input fields.
 *
 * @param argv - the arguments after the program name
 * @returns the remaining arguments and the two flags
 * @example
 * ```ts
 * globalFlags(['run', 'getPatient', '--patientId', '1', '--json']); // { args: ['run', 'getPatient', '--patientId', '1'], json: true, help: false }
 * ```
 */
export function globalFlags(argv: readonly string[]): {
  args: string[];
  json: boolean;
  help: boolean;
} {
  const args: string[] = [];
  let json = false;
  let help = false;
  for (const a of argv) {
    // Anywhere on the line; a field whose value is literally `--json` takes `--field=--json`.
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') help = true;
    else args.push(a);
  }
  return { args, json, help };
}

/**
 * Resolves once everything written to the stream so far has been handed to the OS; false when
 * the stream failed (a closed pipe).
 */
function flushed(stream: NodeJS.WriteStream): Promise<boolean> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) {
      resolve(!stream.errored);
      return;
    }
    stream.write('', (error) => resolve(error == null));
  });
}

/**
 * Exits with `code` once stdout and stderr are flushed: `process.exit()` right after a write to a
 * pipe drops what the pipe had not taken yet (65,536 bytes got through). When the output could
 * not be written completely (the reader closed the pipe), the exit is non-zero.
 *
 * @param code - the exit code
 * @returns never
 * @example
 * ```ts
 * runCernerFhir(argv, process.env, process).then(exitWhenFlushed);
 * ```
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  let failed = false;
  const onError = (): void => {
    failed = true;
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
  const complete = (await flushed(process.stdout)) && (await flushed(process.stderr));
  process.exit(complete && !failed ? code : code === 0 ? 1 : code);
}

/**
 * Installs what every bin needs before it writes: a write error on stdout or stderr (a reader
 * that closed the pipe) makes the exit non-zero instead of an uncaught exception.
 *
 * @returns nothing
 * @example
 * ```ts
 * guardOutputStreams();
 * ```
 */
export function guardOutputStreams(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', () => {
      process.exit(1);
    });
  }
}
