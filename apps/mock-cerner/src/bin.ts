#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startMockCerner } from './start-mock-cerner.js';

const USAGE = `Usage: mock-cerner [--port N] [--mllp-port N] [--host H] [--tenant ID] [--public-url URL] [--json]

  --port N          port to listen on (default 8080; 0 = any free port)
  --mllp-port N     HL7 MLLP port (default 2575; 0 = any free port)
  --host H          interface to bind (default 127.0.0.1, loopback only)
  --tenant ID       tenant id (default: Cerner's public sandbox tenant)
  --public-url URL  origin to use in absolute URLs (default http://HOST:PORT)
  --json            print one JSON line (fhirBaseUrl, tokenUrl, tenantId, clients, adminUrl, mllpPort)
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        'mllp-port': { type: 'string', default: '2575' },
        host: { type: 'string', default: '127.0.0.1' },
        tenant: { type: 'string' },
        'public-url': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be an integer from 0 to 65535\n\n${USAGE}`);
    process.exit(2);
  }
  const mllpPort = Number(values['mllp-port']);
  if (!Number.isInteger(mllpPort) || mllpPort < 0 || mllpPort > 65535) {
    process.stderr.write(`--mllp-port must be an integer from 0 to 65535\n\n${USAGE}`);
    process.exit(2);
  }
  const running = await startMockCerner({
    port,
    mllpPort,
    host: values.host,
    ...(values.tenant ? { tenantId: values.tenant } : {}),
    ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(running.describe())}\n`);
  } else {
    const c = running.clients[0];
    const lines = [
      'mock-cerner: an offline Cerner (Oracle Health Millennium) sandbox',
      `  FHIR base     ${running.fhirBaseUrl}`,
      `  token URL     ${running.tokenUrl}`,
      `  discovery     ${running.fhirBaseUrl}/.well-known/smart-configuration`,
      `  admin         ${running.adminUrl}  (inspector page: ${running.adminUrl}/inspector)`,
      `  HL7 MLLP      ${values.host}:${running.mllpPort}  (QRY^A19, ORU^R01, MDM^T02)`,
      `  tenant        ${running.tenantId}`,
    ];
    if (c) {
      lines.push(
        '  default system client (client_secret_basic)',
        `    client id   ${c.clientId}`,
        `    secret      ${c.clientSecret ?? '(key-based)'}`,
        `    scopes      ${c.scopes.join(' ')}`,
        '',
        '  try:',
        `    curl -s -u '${c.clientId}:${c.clientSecret ?? ''}' -d grant_type=client_credentials -d 'scope=system/Patient.read' ${running.tokenUrl}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`mock-cerner: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
