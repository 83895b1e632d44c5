import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './consumer-project.js';

/** A consumer's TypeScript: every package's entry point, and `mock.app` must not be `any`. */
export const CONSUMER_TS = `
import { cernerConfigFromEnv, guardLogger, type Logger } from '@cerner-kit/core';
import { createBackendAuth, type BackendAuth } from '@cerner-kit/smart-auth';
import { createCernerClient, FhirActionError, type CernerClient } from '@cerner-kit/fhir-r4-actions';
import { parseHl7, type Hl7Error } from '@cerner-kit/hl7-adapters';
import { createMockCerner, startMockCerner, type RunningMockCerner } from '@cerner-kit/mock-cerner';
import * as delivery from '@cerner-kit/delivery';
import * as tokenStore from '@cerner-kit/token-store-redis';
import * as cli from '@cerner-kit/cli';

type IsAny<T> = 0 extends 1 & T ? true : false;
const app = createMockCerner().app;
export const appIsNotAny: IsAny<typeof app> = false;

export async function main(): Promise<string | undefined> {
  const logger: Logger = guardLogger(undefined);
  const running: RunningMockCerner = await startMockCerner({ port: 0 });
  const auth: BackendAuth = createBackendAuth({
    clientId: running.clients[0]!.clientId,
    credentials: { clientSecret: running.clients[0]!.clientSecret! },
    tokenUrl: running.tokenUrl,
    logger,
  });
  const client: CernerClient = createCernerClient({ fhirBaseUrl: running.fhirBaseUrl, auth });
  const found = await client.findPatientByMrn({ mrn: '292392' });
  if (FhirActionError.isInstance(found)) throw found;
  const msh: string | undefined = parseHl7('MSH|^~\\\\&|A|B\\r').get('MSH-3');
  const e: Hl7Error | undefined = undefined;
  void e;
  void msh;
  void cernerConfigFromEnv({});
  void delivery;
  void tokenStore;
  void cli;
  await running.close();
  return found?.id;
}
`;

/** The two consumer tsconfigs: Node's own resolution and a bundler's, never skipping .d.ts. */
export const TSCONFIGS: Record<'nodenext' | 'bundler', object> = {
  nodenext: {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2023',
      lib: ['es2023'],
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files: ['consumer.ts'],
  },
  bundler: {
    compilerOptions: {
      module: 'esnext',
      moduleResolution: 'bundler',
      target: 'es2023',
      lib: ['es2023'],
      types: ['node'],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files: ['consumer.ts'],
  },
};

/**
 * The README's first example as a script for the consumer project: the root README's first two
 * `ts` blocks (a token, then the client), pointed at an in-process mock instead of
 * `./dev start`'s 127.0.0.1:8080, then the core README's example.
 *
 * @returns the script text (plain JavaScript: the blocks use no TypeScript syntax)
 */
export async function readmeExampleScript(): Promise<string> {
  const blocks = (file: string, n: number): Promise<string[]> =>
    readFile(join(ROOT, file), 'utf8').then((t) =>
      [...t.matchAll(/^```ts\n([\s\S]*?)^```/gm)].slice(0, n).map((m) => m[1]!),
    );
  const [auth, client] = await blocks('README.md', 2);
  const [core] = await blocks('packages/core/README.md', 1);
  const imports = (code: string): string[] =>
    [...code.matchAll(/^import [\s\S]*?;\n/gm)].map((m) => m[0]);
  const body = (code: string): string => code.replace(/^import [\s\S]*?;\n/gm, '');
  return [
    "import { startMockCerner } from '@cerner-kit/mock-cerner';",
    ...new Set([...imports(auth!), ...imports(client!), ...imports(core!)]),
    'const mock = await startMockCerner({ port: 0 });',
    'const origin = new URL(mock.fhirBaseUrl).origin;',
    body(auth!).replaceAll("'http://127.0.0.1:8080", "origin + '"),
    body(client!).replaceAll("'http://127.0.0.1:8080", "origin + '"),
    "console.log('FOUND', JSON.stringify(match), encounters.length);",
    body(core!),
    'await mock.close();',
  ].join('\n');
}
