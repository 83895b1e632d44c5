import { createBackendAuth } from '@cerner-kit/smart-auth';
import { createCernerClient } from '@cerner-kit/fhir-r4-actions';
import { SEED_IDS, startMockCerner } from '@cerner-kit/mock-cerner';
import { globalFlags, writeError, writeJson, type CliIo } from './cli-output.js';
import { DEMO_INPUTS, fhirDemoSteps } from './demo-fhir-steps.js';
import { demoCounts, demoReport, runDemoSteps } from './demo-steps.js';
import { HL7_DEMO_SCOPES, hl7DemoSteps } from './hl7/demo-hl7-steps.js';

/** The usage text of the demo. */
export const DEMO_USAGE = `Usage: ./dev demo [--json] [--help]   (or: pnpm demo, node apps/cli/dist/demo.js)

Starts a throwaway mock Cerner sandbox on free ports and runs the seven FHIR actions, then three
HL7 v2 steps over MLLP, explaining each one. Nothing leaves this machine.

  --json   one JSON object (steps, inputs, counts) instead of the table
  --help   this text

Exit codes: 0 every step succeeded, 1 a step failed, 2 a usage error.
`;

/** What to try after the demo. */
const NEXT = [
  './dev start: the same mock on 127.0.0.1:8080 (FHIR, token issuer) and 2575 (HL7 MLLP), to point your own code at',
  './dev fhir actions: every action with its input fields; ./dev fhir run findPatientByMrn --mrn 292392 runs one',
  './dev hl7 a19 --mrn 292392: the A19 query on its own',
  'packages/fhir-r4-actions/README.md: the same calls from TypeScript; set the CERNER_* variables (README) for a real tenant',
];

/**
 * `./dev demo`: starts the mock on free ports, runs the seven actions and the HL7 steps, prints
 * what each did (a table and plain-words explanations, or JSON with `--json`).
 *
 * @param argv - arguments after the program name
 * @param io - stdout and stderr
 * @returns 0 when every step succeeded, 1 when one failed, 2 for a usage error
 * @example
 * ```ts
 * const code = await runDemo(['--json'], process);
 * ```
 */
export async function runDemo(argv: readonly string[], io: CliIo): Promise<number> {
  const { args, json, help } = globalFlags(argv);
  if (help) {
    io.stdout.write(DEMO_USAGE);
    return 0;
  }
  if (args.length > 0) {
    writeError(io, {
      error: 'usage',
      message: `unexpected argument ${args[0]}`,
      hint: './dev demo --help',
    });
    return 2;
  }
  const mock = await startMockCerner({ port: 0, mllpPort: 0 });
  try {
    const c = mock.clients[0]!;
    const auth = createBackendAuth({
      clientId: c.clientId,
      credentials: { clientSecret: c.clientSecret! },
      fhirBaseUrl: mock.fhirBaseUrl,
    });
    const ctx: { createdId?: string; createdMrn?: string } = {};
    const fhir = fhirDemoSteps(createCernerClient({ fhirBaseUrl: mock.fhirBaseUrl, auth }), ctx);
    const hl7 = hl7DemoSteps({
      mllpPort: mock.mllpPort!,
      client: createCernerClient({ fhirBaseUrl: mock.fhirBaseUrl, auth, scopes: HL7_DEMO_SCOPES }),
      patient: () =>
        ctx.createdId && ctx.createdMrn
          ? { id: ctx.createdId, mrn: ctx.createdMrn }
          : { id: SEED_IDS.patients.wilma, mrn: SEED_IDS.mrns['13115400'] },
    });
    if (!json) {
      io.stdout.write(
        `A throwaway mock Cerner sandbox: FHIR at ${mock.fhirBaseUrl}, HL7 MLLP at 127.0.0.1:${mock.mllpPort}.\n` +
          `Inputs: a new patient ${DEMO_INPUTS.newPatient.given[0]} ${DEMO_INPUTS.newPatient.family} ` +
          `(${DEMO_INPUTS.newPatient.gender}, born ${DEMO_INPUTS.newPatient.birthDate}, organization ${DEMO_INPUTS.newPatient.assigningOrganizationId}); ` +
          `seeded patient ${DEMO_INPUTS.seededPatientId}, encounter ${DEMO_INPUTS.encounterId}, appointment ${DEMO_INPUTS.appointmentId}; ` +
          `a note for patient ${DEMO_INPUTS.notePatientId}; the HL7 steps use the new patient's MRN.\n\n`,
      );
    }
    const results = await runDemoSteps([...fhir, ...hl7.steps]);
    await hl7.close();
    const counts = demoCounts(results);
    const ok = counts.succeeded === counts.total;
    if (json) {
      writeJson(
        io,
        {
          ok,
          fhirBaseUrl: mock.fhirBaseUrl,
          mllpPort: mock.mllpPort,
          inputs: DEMO_INPUTS,
          steps: results.map((r) => ({ ...r, ms: Math.round(r.ms * 10) / 10 })),
          counts,
          next: NEXT,
        },
        true,
      );
    } else {
      io.stdout.write(`${demoReport(results)}\nNext:\n${NEXT.map((n) => `  ${n}`).join('\n')}\n`);
    }
    return ok ? 0 : 1;
  } finally {
    await mock.close();
  }
}
