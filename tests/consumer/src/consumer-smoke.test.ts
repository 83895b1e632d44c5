import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_TS, readmeExampleScript, TSCONFIGS } from './consumer-files.js';
import { attempt, consumerProject, packAll, ROOT } from './consumer-project.js';

// What a user of the published packages gets: the tarballs `pnpm pack` makes, installed with npm
// into a project outside the workspace (no workspace links, no source condition).
let project = '';
/** The two type-checks run side by side (each is a whole tsc over every .d.ts). */
const typeChecks = new Map<string, Promise<{ code: number; output: string }>>();
beforeAll(async () => {
  const tarballs = await packAll(await mkdtemp(join(tmpdir(), 'cerner-kit-pack-')));
  project = await consumerProject(tarballs);
  await writeFile(join(project, 'consumer.ts'), CONSUMER_TS);
  for (const [name, config] of Object.entries(TSCONFIGS)) {
    await writeFile(join(project, `tsconfig.${name}.json`), JSON.stringify(config));
  }
  await writeFile(join(project, 'example.mjs'), await readmeExampleScript());
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  for (const name of Object.keys(TSCONFIGS)) {
    typeChecks.set(name, attempt(tsc, ['-p', `tsconfig.${name}.json`], project));
  }
}, 600_000);

describe('the packed packages, installed by a consumer', () => {
  for (const resolution of Object.keys(TSCONFIGS)) {
    it(`type-check under ${resolution} with skipLibCheck false (mock.app is not any)`, async () => {
      const r = await typeChecks.get(resolution)!;
      expect(r.output).toBe('');
      expect(r.code).toBe(0);
    });
  }

  it("run the README's first example against an in-process mock", async () => {
    const r = await attempt(process.execPath, ['example.mjs'], project);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('FOUND {"id":"13115400"} 25');
    expect(r.output).toContain(
      'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
    );
  });
});
