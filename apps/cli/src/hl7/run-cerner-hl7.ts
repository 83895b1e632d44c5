import {
  buildA19Query,
  buildMdmNote,
  buildOruNote,
  createMllpClient,
  Hl7Error,
  parseAck,
  parseAdrA19,
  type A19Result,
  type ParsedAck,
} from '@cerner-kit/hl7-adapters';
import { CernerConfigError, cernerConfigFromEnv } from '@cerner-kit/core';
import { startMockCerner } from '@cerner-kit/mock-cerner';
import {
  EMBEDDED_MOCK_NOTICE,
  globalFlags,
  writeError,
  writeJson,
  type CliIo,
} from '../cli-output.js';
import { HL7_USAGE, Hl7UsageError, parseHl7Args, type Hl7Endpoint } from './hl7-args.js';

/** Where `cerner-hl7` writes. */
export type Hl7Io = CliIo;

/** Identity of our side in MSH-3/MSH-4. */
const SENDER = { sendingApplication: 'CERNER-KIT', sendingFacility: 'CLI' } as const;

/**
 * Runs `send` against the endpoint: a remote MLLP listener, or an embedded mock started on free
 * ports (HTTP and MLLP) for the call and closed after it.
 *
 * @param endpoint - where to send
 * @param timeoutMs - reply timeout
 * @param send - sends one message text, returns the reply text
 * @returns what `send` returned
 * @throws Hl7Error from the transport
 * @example
 * ```ts
 * const reply = await withHl7Endpoint({ kind: 'embedded-mock' }, 5000, (send) => send(query));
 * ```
 */
export async function withHl7Endpoint<T>(
  endpoint: Hl7Endpoint,
  timeoutMs: number,
  use: (send: (message: string) => Promise<string>) => Promise<T>,
): Promise<T> {
  const mock =
    endpoint.kind === 'embedded-mock' ? await startMockCerner({ port: 0, mllpPort: 0 }) : undefined;
  try {
    const client = createMllpClient({
      host: endpoint.kind === 'remote' ? endpoint.host : '127.0.0.1',
      port: endpoint.kind === 'remote' ? endpoint.port : mock!.mllpPort!,
      responseTimeoutMs: timeoutMs,
      connectTimeoutMs: Math.min(timeoutMs, 5_000),
    });
    try {
      return await use((message) => client.send(message));
    } finally {
      await client.close();
    }
  } finally {
    await mock?.close();
  }
}

/**
 * Sends a QRY^A19 for an MRN and reads the ADR^A19.
 *
 * @param endpoint - where to send
 * @param mrn - the MRN
 * @param options - timeout and HL7 version
 * @returns found (with FHIR Patients) / not_found / error
 * @throws Hl7Error for transport failures or an unreadable reply
 * @example
 * ```ts
 * const r = await queryA19({ kind: 'embedded-mock' }, '292392', { timeoutMs: 10_000 });
 * ```
 */
export function queryA19(
  endpoint: Hl7Endpoint,
  mrn: string,
  options: { timeoutMs: number; version?: string },
): Promise<A19Result> {
  const query = buildA19Query({
    mrn,
    ...SENDER,
    receivingApplication: 'HNAM',
    ...(options.version ? { version: options.version } : {}),
  });
  return withHl7Endpoint(endpoint, options.timeoutMs, async (send) =>
    parseAdrA19(await send(query.toString())),
  );
}

/**
 * Sends a clinical note as ORU^R01 (or MDM^T02) and reads the ACK.
 *
 * @param endpoint - where to send
 * @param note - MRN, text, optional title, visit number, LOINC type, `mdm` for MDM^T02
 * @param options - timeout and HL7 version
 * @returns the parsed ACK
 * @throws Hl7Error `invalid_input` for a bad note (before sending), or transport errors
 * @example
 * ```ts
 * const ack = await sendNote({ kind: 'embedded-mock' }, { mrn: '6930', text: 'Seen today.', mdm: false }, { timeoutMs: 10_000 });
 * ```
 */
export function sendNote(
  endpoint: Hl7Endpoint,
  note: { mrn: string; text: string; title?: string; visit?: string; loinc?: string; mdm: boolean },
  options: { timeoutMs: number; version?: string },
): Promise<ParsedAck> {
  const input = {
    ...SENDER,
    receivingApplication: 'HNAM',
    mrn: note.mrn,
    text: note.text,
    ...(note.title !== undefined ? { title: note.title } : {}),
    ...(note.visit !== undefined ? { visitNumber: note.visit } : {}),
    ...(note.loinc !== undefined ? { loincCode: note.loinc } : {}),
    ...(options.version ? { version: options.version } : {}),
  };
  const message = note.mdm ? buildMdmNote(input) : buildOruNote(input);
  return withHl7Endpoint(endpoint, options.timeoutMs, async (send) =>
    parseAck(await send(message.toString())),
  );
}

/**
 * The `cerner-hl7` program: parses the arguments, runs the command, prints JSON.
 *
 * @param argv - arguments after the program name
 * @param env - the environment (`CERNER_HL7_HOST`, `CERNER_HL7_PORT`; any unknown `CERNER_*` is named)
 * @param io - stdout and stderr
 * @returns the exit code: 0 success, 1 not found / negative ACK / transport failure, 2 usage,
 *   input or configuration error
 * @example
 * ```ts
 * process.exitCode = await runCernerHl7(['a19', '--mrn', '292392'], process.env, process);
 * ```
 */
export async function runCernerHl7(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Hl7Io,
): Promise<number> {
  const { args, json, help } = globalFlags(argv);
  let cmd;
  try {
    cernerConfigFromEnv(env, { skipTenant: true });
    cmd = help ? ({ command: 'help' } as const) : parseHl7Args(args, env);
  } catch (e) {
    if (CernerConfigError.isInstance(e)) {
      writeError(io, { error: e.code, message: e.message, field: e.variable });
      return 2;
    }
    if (e instanceof Hl7UsageError) {
      writeError(io, { error: 'usage', message: e.message, hint: 'cerner-hl7 --help' });
      return 2;
    }
    throw e;
  }
  if (cmd.command === 'help') {
    io.stdout.write(HL7_USAGE);
    return 0;
  }
  if (cmd.endpoint.kind === 'embedded-mock') io.stderr.write(EMBEDDED_MOCK_NOTICE);
  const options = { timeoutMs: cmd.timeoutMs, ...(cmd.version ? { version: cmd.version } : {}) };
  try {
    if (cmd.command === 'a19') {
      const result = await queryA19(cmd.endpoint, cmd.mrn, options);
      if (result.status === 'found') {
        writeJson(io, result.patients.length === 1 ? result.patients[0] : result.patients, json);
        return 0;
      }
      if (result.status === 'not_found') {
        // The same as cerner-fhir findPatientByMrn: no patient is a failed lookup (exit 1).
        writeError(io, {
          error: 'not_found',
          message: 'no patient has that MRN (ADR^A19 said not found)',
        });
        return 1;
      }
      writeError(io, {
        error: 'a19_failed',
        message: 'the A19 query failed',
        ackCode: result.ackCode,
        text: result.text,
        errors: result.errors,
      });
      return 1;
    }
    const ack = await sendNote(cmd.endpoint, cmd, options);
    writeJson(io, ack, json);
    if (!ack.ok) {
      writeError(io, { error: 'nack', message: `the note was not accepted (MSA-1 ${ack.code})` });
    }
    return ack.ok ? 0 : 1;
  } catch (e) {
    if (Hl7Error.isInstance(e)) {
      const hint =
        e.code === 'connection'
          ? cmd.endpoint.kind === 'remote'
            ? 'is an MLLP listener running there? (./dev start listens on 127.0.0.1:2575; or omit --host/--port for an embedded mock)'
            : undefined
          : e.code === 'timeout'
            ? 'the peer did not answer in time: raise --timeout, or check that it answers this message type'
            : undefined;
      writeError(io, {
        error: e.code,
        message: e.message,
        ...(e.inputField ? { field: e.inputField } : {}),
        retryable: e.retryable,
        ...(hint ? { hint } : {}),
      });
      // Bad input is found before anything is sent: a usage error, like a bad flag.
      return e.code === 'invalid_input' ? 2 : 1;
    }
    throw e;
  }
}
