// Runs one suite with Node's test runner: unit (default), browser or e2e.
// Test files are TypeScript, loaded through tsx. Usage: node scripts/run-tests.mjs [unit|browser|e2e] [filter]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const suite = process.argv[2] ?? 'unit';
const filter = process.argv[3];
const SUITE_DIRS = { browser: ['test/browser'], e2e: ['test/e2e'] };

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures' && name !== 'bench') walk(p, out);
    } else if (/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

let files = walk(join(root, 'test')).map((f) => relative(root, f));
if (suite === 'unit') files = files.filter((f) => !Object.values(SUITE_DIRS).flat().some((d) => f.startsWith(d + sep)));
else files = files.filter((f) => SUITE_DIRS[suite].some((d) => f.startsWith(d + sep)));
if (filter) files = files.filter((f) => f.includes(filter));
if (files.length === 0) {
  console.error(`no ${suite} test files found`);
  process.exit(1);
}
const concurrency = suite === 'unit' ? [] : ['--test-concurrency=1'];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...concurrency, ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
