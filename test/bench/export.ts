/**
 * Benchmark hook for `export.<target>.1000` (run by test/bench/run.ts):
 *   node <bundled test/bench/export.ts> argo FILE [RUNS]  →  {"median", "min", "runs"} as one JSON line
 * Each run parses the file and exports it, as `weft export` does after validation.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from '../../core/syntax/parse';
import type { Pipeline } from '../../core/model/types';
import { exportPipeline, isTarget, type ExportResult } from '../../exporters';
import { measure } from './measure';

/** Parse + export one pipeline text (what the benchmark times). */
export function exportText(target: string, fileName: string, text: string): ExportResult {
  if (!isTarget(target)) throw new Error(`unknown target ${target}`);
  const pipeline = parseDocument(fileName, text).value as Pipeline;
  return exportPipeline(target, { pipeline, fileName, readFile: () => undefined });
}

if (require.main === module) {
  const [target = 'argo', file, runs = '30'] = process.argv.slice(2);
  const text = readFileSync(file!, 'utf8');
  const result = measure(Number(runs), () => {
    const r = exportText(target, file!, text);
    if (r.files.length === 0) throw new Error('nothing exported');
  });
  process.stdout.write(JSON.stringify(result) + '\n');
}
