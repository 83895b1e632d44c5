#!/usr/bin/env node
import {
  actionKeys,
  actions,
  describeActionInput,
  FhirActionError,
  type ActionKey,
} from '@cerner-kit/fhir-r4-actions';
import { unsupportedNodeVersion } from '@cerner-kit/mock-cerner';
import { actionHelp } from './action-help.js';
import { ConfigError, connect } from './config.js';
import { flagsToInput } from './flags.js';

const USAGE = `Usage:
  cerner-fhir actions                      list actions, their scopes and input fields (JSON)
  cerner-fhir run <action> --field value   run one action, print the result as JSON
                                           (--input '<json>' gives the whole input; repeat a flag
                                           for a list: --given A --given B; --address.city X)
  cerner-fhir run <action> --help          the action's fields and scopes

Actions: ${actionKeys.join(', ')}

Configuration: CERNER_TENANT_ID, CERNER_ENVIRONMENT (sandbox|production) or CERNER_FHIR_BASE_URL,
CERNER_TOKEN_URL, CERNER_CLIENT_ID, CERNER_CLIENT_SECRET or CERNER_PRIVATE_KEY_FILE + CERNER_KEY_ID
(+ CERNER_KEY_ALG RS384|ES384, default RS384), CERNER_MRN_SYSTEM. With none set, an embedded mock
Cerner sandbox answers. Exit codes: 0 done, 1 the action failed, 2 usage or configuration error.
`;

function listActions(): void {
  const out = actionKeys.map((key) => ({
    key,
    title: actions[key].title,
    description: actions[key].description,
    requiredScopes: actions[key].requiredScopes,
    input: describeActionInput(key),
  }));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

async function run(key: string, args: string[]): Promise<number> {
  if (!(actionKeys as string[]).includes(key)) {
    process.stderr.write(`cerner-fhir: unknown action ${key}; one of: ${actionKeys.join(', ')}\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(actionHelp(key as ActionKey));
    return 0;
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
    process.stderr.write(
      `cerner-fhir: ${(e as Error).message}\n(cerner-fhir run ${key} --help lists the fields)\n`,
    );
    return 2;
  }
  const conn = await connect();
  try {
    const result = await conn.client.run(key as ActionKey, input);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (FhirActionError.isInstance(e)) {
      process.stderr.write(
        `${JSON.stringify({ error: e.code, message: e.message, ...(e.field ? { field: e.field } : {}), ...(e.status ? { status: e.status } : {}), ...(e.requestId ? { requestId: e.requestId } : {}) })}\n`,
      );
      return 1;
    }
    throw e;
  } finally {
    await conn.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'actions') {
    listActions();
    return 0;
  }
  if (cmd === 'run' && rest[0] && !rest[0].startsWith('-')) return run(rest[0], rest.slice(1));
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(
    `cerner-fhir: ${cmd === 'run' ? 'run needs an action' : `unknown command ${cmd}`}\n\n${USAGE}`,
  );
  return 2;
}

const tooOld = unsupportedNodeVersion();
if (tooOld) {
  process.stderr.write(`cerner-fhir: ${tooOld}\n`);
  process.exit(1);
}
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(
      `cerner-fhir: ${e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exit(e instanceof ConfigError ? 2 : 1);
  },
);
