// Type-checks every ```ts block of the READMEs against the built packages (dist/*.d.ts), so a
// renamed option, a removed export or a wrong argument in the docs fails the suite.
// Blocks are often fragments that use a `client` or `auth` made in an earlier block: "cannot
// find name" errors are allowed; every other compiler error fails the block.
// Usage: node scripts/check-readme-examples.mjs [--json]   (after `turbo run build`)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// Inside tests/contract (which depends on every library) so `@cerner-kit/*` imports resolve;
// under node_modules/.cache so git, eslint, prettier and turbo never see the generated files.
const workDir = join(root, 'tests/contract/node_modules/.cache/readme-examples');

/** Errors a fragment may have because it continues an earlier block or uses a placeholder. */
const ALLOWED = new Set([
  2304, // Cannot find name 'x'.
  2552, // Cannot find name 'x'. Did you mean 'y'?
  18004, // No value exists in scope for the shorthand property 'x'.
  18046, // 'e' is of type 'unknown' (a catch clause of a fragment).
]);

const readmes = ['README.md']
  .concat(
    ['packages', 'apps', 'tests'].flatMap((d) =>
      existsSync(join(root, d))
        ? readdirSync(join(root, d)).map((n) => join(d, n, 'README.md'))
        : [],
    ),
  )
  .filter((p) => existsSync(join(root, p)));

rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
const blocks = [];
for (const readme of readmes) {
  const text = readFileSync(join(root, readme), 'utf8');
  const re = /^```ts\n([\s\S]*?)^```/gm;
  let m;
  while ((m = re.exec(text)) !== null) {
    const line = text.slice(0, m.index).split('\n').length;
    const file = `${readme.replaceAll('/', '__').replace(/\.md$/, '')}-L${line}.ts`;
    writeFileSync(join(workDir, file), `${m[1]}\nexport {};\n`);
    blocks.push({ readme, line, file, errors: [] });
  }
}
writeFileSync(
  join(workDir, 'tsconfig.json'),
  JSON.stringify({
    extends: relative(workDir, join(root, 'tsconfig.base.json')),
    compilerOptions: {
      noEmit: true,
      noUnusedLocals: false,
      customConditions: [], // the built .d.ts, as a user of the published packages sees them
      declaration: false,
      declarationMap: false,
      sourceMap: false,
    },
    include: ['*.ts'],
  }),
);

const tsc = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', workDir, '--pretty', 'false'], {
  cwd: root,
  encoding: 'utf8',
});
if (tsc.error) {
  console.error(`check-readme-examples: could not run tsc: ${tsc.error.message}`);
  process.exit(1);
}
const unparsed = [];
for (const line of `${tsc.stdout}${tsc.stderr}`.split('\n')) {
  const m = /([^/\\(]+\.ts)\((\d+),\d+\): error TS(\d+): (.*)$/.exec(line);
  if (!m) {
    if (/error TS\d+/.test(line)) unparsed.push(line);
    continue;
  }
  const block = blocks.find((b) => b.file === m[1]);
  if (!block) unparsed.push(line);
  else if (!ALLOWED.has(Number(m[3])))
    block.errors.push(`line ${block.line + Number(m[2])}: TS${m[3]} ${m[4]}`);
}
const failed = blocks.filter((b) => b.errors.length > 0);
for (const b of failed)
  console.log(`README example ${b.readme}:${b.line}\n  ${b.errors.join('\n  ')}`);
for (const l of unparsed) console.log(`README examples: ${l}`);
const result = {
  passed: blocks.length - failed.length,
  failed: failed.length + (unparsed.length > 0 ? 1 : 0),
};
if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else console.log(`README examples: ${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed > 0 ? 1 : 0);
