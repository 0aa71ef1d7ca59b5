// `npm run demo`: what Weft does today, on the shipped samples, through the real `weft` binary.
// Validates every sample and prints a summary; then shows a mistake being caught, and the
// YAML → JSON → YAML round trip. Exits non-zero if any sample has an error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const weft = (args) => spawnSync(process.execPath, [join(root, 'dist/weft.js'), ...args], { cwd: root, encoding: 'utf8' });

console.log('== weft validate samples --format json');
const r = weft(['validate', 'samples', '--format', 'json']);
if (r.status === 2) {
  process.stderr.write(r.stderr);
  process.exit(2);
}
const reports = JSON.parse(r.stdout);
let errors = 0;
let warnings = 0;
const rows = [];
for (const rep of reports) {
  const text = readFileSync(join(root, rep.file), 'utf8');
  const e = rep.diagnostics.filter((d) => d.severity === 'error').length;
  const w = rep.diagnostics.filter((d) => d.severity === 'warning').length;
  errors += e;
  warnings += w;
  rows.push([relative(root, join(root, rep.file)), `${text.split('\n').length} lines`, e + w === 0 ? 'clean' : `${e} errors, ${w} warnings`]);
}
const width = Math.max(...rows.map((x) => x[0].length));
for (const [file, lines, status] of rows) console.log(`  ${file.padEnd(width)}  ${lines.padStart(10)}  ${status}`);
console.log(`  ${reports.length} pipelines, ${errors} errors, ${warnings} warnings\n`);

console.log('== a mistake, caught: `needs` misspelt and a param misnamed in an expression');
const dir = mkdtempSync(join(tmpdir(), 'weft-demo-'));
const broken = join(dir, 'broken.weft.yaml');
writeFileSync(
  broken,
  `apiVersion: weft/v1
kind: Pipeline
metadata: {name: demo}
params:
  day: {type: string, default: "\${{ run.date }}"}
tasks:
  extract:
    type: shell
    run: echo "rows=3" >> "$WEFT_OUTPUTS"
    outputs: {rows: {type: integer}}
  load:
    type: shell
    nedds: [extract]
    run: echo "loading \${{ params.dya }} \${{ tasks.extract.outputs.rows }}"
`,
);
const b = weft(['validate', broken]);
process.stdout.write(b.stdout.replaceAll(dir + '/', ''));
console.log(`  (exit status ${b.status})\n`);

console.log('== weft convert: YAML → JSON → YAML gives the same pipeline');
const sample = 'samples/nightly-etl/nightly-etl.weft.yaml';
const json = weft(['convert', sample, '--to', 'json']);
const jsonFile = join(dir, 'nightly-etl.weft.json');
writeFileSync(jsonFile, json.stdout);
const yamlFile = join(dir, 'nightly-etl.weft.yaml');
writeFileSync(yamlFile, weft(['convert', jsonFile, '--to', 'yaml']).stdout);
const back = weft(['convert', yamlFile, '--to', 'json']);
const same = back.stdout === json.stdout;
console.log(`  ${sample} → JSON (${json.stdout.split('\n').length} lines) → YAML → JSON: ${same ? 'the same model' : 'DIFFERENT'}\n`);

console.log(`== weft export ${sample} to every target (into ${join(dir, "export")})`);
let exportFailed = false;
for (const target of ['argo', 'kubeflow', 'airflow', 'prefect', 'dagster', 'luigi']) {
  const e = weft(['export', sample, '--target', target, '-o', join(dir, 'export')]);
  const warnings = e.stderr.split('\n').filter((l) => l.startsWith('warning ')).length;
  const wrote = e.stderr.split('\n').filter((l) => l.startsWith('wrote ')).map((l) => l.slice(6).replace(dir + '/', ''));
  if (e.status !== 0) exportFailed = true;
  console.log(`  ${target.padEnd(9)} ${e.status === 0 ? wrote.join(', ') : `FAILED (exit ${e.status})`}  — ${warnings} warning${warnings === 1 ? '' : 's'} (what the target emulates or cannot express)`);
}
console.log('  `node dist/weft.js targets ' + sample + '` explains each warning, per target.\n');

console.log('Next: docs/format.md (the format), docs/rules.md (every diagnostic), docs/exporters.md, `node dist/weft.js --help`.');
process.exit(errors > 0 || !same || b.status !== 1 || exportFailed ? 1 : 0);
