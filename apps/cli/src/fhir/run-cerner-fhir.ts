import { CernerConfigError } from '@cerner-kit/core';
import {
  actionKeys,
  actions,
  describeActionInput,
  FhirActionError,
  type ActionKey,
} from '@cerner-kit/fhir-r4-actions';
import { actionHelp } from '../action-help.js';
import {
  EMBEDDED_MOCK_NOTICE,
  globalFlags,
  writeError,
  writeJson,
  type CliIo,
} from '../cli-output.js';
import { connect } from '../config.js';
import { flagsToInput } from '../flags.js';

/** The usage text of `cerner-fhir`. */
export const FHIR_USAGE = `Usage:
  cerner-fhir actions                      list actions, their scopes and input fields (JSON)
  cerner-fhir run <action> --field value   run one action, print the result as JSON
                                           (--input '<json>' gives the whole input; repeat a flag
                                           for a list: --given A --given B; --address.city X)
  cerner-fhir run <action> --help          the action's fields and scopes

Global flags: --json (one line of JSON instead of indented), --help.

Actions: ${actionKeys.join(', ')}

Configuration: CERNER_TENANT_ID, CERNER_ENVIRONMENT (sandbox|production) or CERNER_FHIR_BASE_URL,
CERNER_TOKEN_URL, CERNER_CLIENT_ID, CERNER_CLIENT_SECRET or CERNER_PRIVATE_KEY_FILE + CERNER_KEY_ID
(+ CERNER_KEY_ALG RS384|ES384, default RS384), CERNER_MRN_SYSTEM. With none set, an embedded mock
Cerner sandbox answers. Errors are one JSON line on stderr. Exit codes: 0 done, 1 the action
failed (a patient not found included), 2 usage, input or configuration error.
`;

function listActions(io: CliIo, json: boolean): void {
  writeJson(
    io,
    actionKeys.map((key) => ({
      key,
      title: actions[key].title,
      description: actions[key].description,
      requiredScopes: actions[key].requiredScopes,
      input: describeActionInput(key),
    })),
    json,
  );
}

function usage(io: CliIo, message: string, field?: string): number {
  writeError(io, {
    error: 'usage',
    message,
    ...(field ? { field } : {}),
    hint: 'cerner-fhir --help',
  });
  return 2;
}

async function run(key: string, args: string[], env: NodeJS.ProcessEnv, io: CliIo, json: boolean) {
  if (!(actionKeys as string[]).includes(key)) {
    return usage(io, `unknown action ${key}; one of: ${actionKeys.join(', ')}`);
  }
  const numeric = new Set(
    describeActionInput(key as ActionKey)
      .filter((f) => f.type === 'integer' || f.type === 'number')
      .map((f) => f.name),
  );
  let input: Record<string, unknown>;
  try {
    input = flagsToInput(args, numeric);
  } catch (e) {
    writeError(io, {
      error: 'usage',
      message: (e as Error).message,
      hint: `cerner-fhir run ${key} --help lists the fields`,
    });
    return 2;
  }
  const conn = await connect(env);
  if (conn.mode === 'embedded-mock') io.stderr.write(EMBEDDED_MOCK_NOTICE);
  try {
    const result = await conn.client.run(key as ActionKey, input);
    if (result === null && key === 'findPatientByMrn') {
      // The same as cerner-hl7 a19: no patient is a failed lookup (exit 1), said on stderr.
      writeError(io, { error: 'not_found', message: 'no patient has that MRN' });
      return 1;
    }
    writeJson(io, result, json);
    return 0;
  } catch (e) {
    if (!FhirActionError.isInstance(e)) throw e;
    writeError(io, {
      error: e.code,
      message: e.message,
      ...(e.field ? { field: e.field } : {}),
      ...(e.status ? { status: e.status } : {}),
      ...(e.requestId ? { requestId: e.requestId } : {}),
      retryable: e.retryable,
    });
    // Bad input is found before anything is sent: a usage error, like a bad flag.
    return e.code === 'invalid_input' ? 2 : 1;
  } finally {
    await conn.close();
  }
}

/**
 * The `cerner-fhir` program: parses the arguments, runs the command, prints JSON.
 *
 * @param argv - arguments after the program name
 * @param env - the environment (`CERNER_*`)
 * @param io - stdout and stderr
 * @returns the exit code: 0 done, 1 the action failed (or found no patient), 2 usage, input or
 *   configuration error
 * @example
 * ```ts
 * const code = await runCernerFhir(['run', 'findPatientByMrn', '--mrn', '292392'], process.env, process);
 * ```
 */
export async function runCernerFhir(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
): Promise<number> {
  const { args, json, help } = globalFlags(argv);
  const [cmd, ...rest] = args;
  if (help || cmd === undefined || cmd === 'help') {
    const key = cmd === 'run' ? rest[0] : undefined;
    io.stdout.write(
      key && (actionKeys as string[]).includes(key) ? actionHelp(key as ActionKey) : FHIR_USAGE,
    );
    return 0;
  }
  try {
    if (cmd === 'actions') {
      listActions(io, json);
      return 0;
    }
    if (cmd === 'run' && rest[0] && !rest[0].startsWith('-')) {
      return await run(rest[0], rest.slice(1), env, io, json);
    }
    return usage(io, cmd === 'run' ? 'run needs an action' : `unknown command ${cmd}`);
  } catch (e) {
    if (CernerConfigError.isInstance(e)) {
      writeError(io, { error: e.code, message: e.message, field: e.variable });
      return 2;
    }
    writeError(io, { error: 'failed', message: e instanceof Error ? e.message : String(e) });
    return 1;
  }
}
