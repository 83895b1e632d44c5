#!/usr/bin/env node
import { parseCliArgs, USAGE } from './cli-args.js';
import { unsupportedNodeVersion } from './node-version.js';
import { startErrorMessage } from './start-error.js';
import { startMockCerner } from './start-mock-cerner.js';
import { startupBanner } from './startup-banner.js';

/** `mock-cerner`: parse the flags, listen, print the URLs, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const tooOld = unsupportedNodeVersion();
  if (tooOld) {
    process.stderr.write(`mock-cerner: ${tooOld}\n`);
    process.exitCode = 1;
    return;
  }
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`mock-cerner: ${parsed.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { options } = parsed;
  const envToken = process.env.MOCK_CERNER_ADMIN_TOKEN;
  const adminToken = options.adminToken ?? (envToken ? envToken : undefined);
  const running = await startMockCerner({
    port: options.port,
    mllpPort: options.mllpPort,
    host: options.host,
    preloadValidator: true,
    ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
    ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
    ...(adminToken !== undefined ? { adminToken } : {}),
    ...(options.allowRemoteAdmin ? { allowRemoteAdmin: true } : {}),
    ...(options.log ? { accessLog: (line: string) => process.stderr.write(`${line}\n`) } : {}),
  }).catch((e: unknown) => {
    process.stderr.write(`mock-cerner: ${startErrorMessage(e, options)}\n`);
    process.exit(1);
  });
  if (options.json) process.stdout.write(`${JSON.stringify(running.describe())}\n`);
  else if (!options.quiet) process.stdout.write(startupBanner(running));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130); // a second signal: give up waiting
    stopping = true;
    if (!options.json && !options.quiet) process.stderr.write(`mock-cerner: ${signal}, stopping\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`mock-cerner: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
