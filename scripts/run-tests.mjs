// Runs build, typecheck, lint and every package's tests through turbo, type-checks the README
// examples (scripts/check-readme-examples.mjs, one test per block), then prints one plain
// "N passed, N failed[, N skipped]" line computed from each package's vitest JSON report
// (turbo restores the report on a cache hit, so a warm rerun counts the same tests).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dirs = ['packages', 'apps', 'tests']
  .flatMap((d) =>
    existsSync(join(root, d)) ? readdirSync(join(root, d)).map((n) => join(root, d, n)) : [],
  )
  .concat([join(root, 'bench')])
  .filter((d) => existsSync(join(d, 'package.json')));
for (const d of dirs) rmSync(join(d, '.test-results.json'), { force: true });

const extra = process.argv.slice(2);
// No colour codes when the output is not a terminal (vitest and turbo honour NO_COLOR).
if (!process.stdout.isTTY) process.env.NO_COLOR = '1';
const turbo = spawnSync(
  'turbo',
  ['run', 'build', 'typecheck', 'lint', 'test', '--continue', ...extra],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

if (turbo.error)
  console.error(
    `could not run turbo: ${turbo.error.message} (run through \`pnpm test\` or ./dev test)`,
  );

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const d of dirs) {
  const file = join(d, '.test-results.json');
  if (!existsSync(file)) {
    const pkg = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8'));
    if (pkg.scripts?.test) missing.push(pkg.name);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that failed to load has no tests but counts as a failure.
  for (const s of r.testResults ?? [])
    if (s.status === 'failed' && (s.assertionResults ?? []).length === 0) failed += 1;
}
// The README examples, type-checked against the packages turbo just built.
const docs = spawnSync(
  process.execPath,
  [join(root, 'scripts/check-readme-examples.mjs'), '--json'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
const docLines = (docs.stdout ?? '').trim().split('\n');
try {
  const r = JSON.parse(docLines.at(-1) ?? '');
  passed += r.passed;
  failed += r.failed;
  if (docLines.length > 1) console.log(docLines.slice(0, -1).join('\n'));
} catch {
  console.log(`README examples could not be checked:\n${docs.stdout ?? ''}${docs.stderr ?? ''}`);
  failed += 1;
}

if (missing.length > 0) {
  console.log(`no test report from: ${missing.join(', ')}`);
  failed += missing.length;
}
const ok = turbo.status === 0 && failed === 0 && passed > 0;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
