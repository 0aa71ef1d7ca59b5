/**
 * `npm run bench`: one JSON line per figure, Weft beside a reference measured in the same run:
 *   {"bench": name, "weft": ms, "reference": ms, "unit": "ms", "ratio": weft/reference, ...}
 * Each side runs in its own process (medians of repeated runs after warm-up).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { generatePipeline } from './generate';

const root = join(__dirname, '..', '..');
const only = process.argv[2];

function child(args: string[]): { median: number; min: number; runs: number } {
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function emit(bench: string, weft: number, reference: number, extra: Record<string, unknown> = {}): void {
  const round = (x: number): number => Math.round(x * 100) / 100;
  process.stdout.write(JSON.stringify({ bench, weft: round(weft), reference: round(reference), unit: 'ms', ratio: round(weft / reference), ...extra }) + '\n');
}

const dir = mkdtempSync(join(tmpdir(), 'weft-bench-'));

/** Bundles a bench driver the way the product is shipped (esbuild, no tsx wrappers). */
function bundle(entry: string): string {
  const outfile = join(dir, entry.replace(/[\/.]/g, '_') + '.cjs');
  buildSync({ entryPoints: [join(root, entry)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error' });
  return outfile;
}

if (!only || only.startsWith('validate')) {
  const file = join(dir, 'generated.weft.yaml');
  const text = generatePipeline(1000);
  writeFileSync(file, text);
  const weft = child([bundle('test/bench/weft-validate.ts'), file, '40']);
  const ref = child(['--import', 'tsx', 'test/bench/yls-validate.mjs', file, '15', join(root, 'dist/weft.schema.json')]);
  const parse = child([bundle('test/bench/yaml-parse.ts'), 'weft', file, '40']);
  const jsyaml = child([bundle('test/bench/yaml-parse.ts'), 'jsyaml', file, '40']);
  emit('yaml.parse.1000', parse.median, jsyaml.median, { lines: text.split('\n').length - 1, reference_name: "js-yaml load (no positions)" });
  emit('validate.1000', weft.median, ref.median, {
    lines: text.split('\n').length - 1,
    reference_name: 'yaml-language-server (JSON Schema only)',
    budget_ms: 30,
    budget_speedup: 5,
  });
}

if (!only || only.startsWith('export')) {
  // Reference: reading the same pipeline back (parse + full validation) — the bare work any
  // exporter does before writing a line, so the ratio shows what writing the target costs.
  const file = join(dir, 'generated-export.weft.yaml');
  writeFileSync(file, generatePipeline(1000));
  const ref = child([bundle('test/bench/weft-validate.ts'), file, '20']);
  const driver = bundle('test/bench/export.ts');
  for (const target of ['argo', 'kubeflow', 'airflow', 'prefect', 'dagster', 'luigi']) {
    if (only && only !== 'export' && only !== `export.${target}`) continue;
    const weft = child([driver, target, file, '20']);
    emit(`export.${target}.1000`, weft.median, ref.median, { reference_name: 'weft validate of the same file', budget_ms: 100 });
  }
}

