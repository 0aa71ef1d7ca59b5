/**
 * Runs python3 on generated Python (Airflow, Prefect, Dagster, Luigi exports) and returns its
 * structure from structure.py: compile check plus imports, functions, classes, calls with literal
 * keyword arguments, module-level assignments and `>>` chains. The targets' own packages cannot be
 * installed here (PyPI is unreachable), so exports are checked statically, with Python's own parser.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface PyCall {
  func: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface PyStructure {
  ok: boolean;
  error?: string;
  imports: string[];
  functions: { name: string; decorators: string[]; args: string[] }[];
  classes: { name: string; bases: string[]; methods: string[]; assigns: Record<string, unknown> }[];
  calls: PyCall[];
  assigns: Record<string, unknown>;
  binops: [string, string, string][];
}

export function pythonStructure(code: string): PyStructure {
  const r = spawnSync('python3', [join(__dirname, 'structure.py')], { input: code, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PyStructure;
}

/** Calls to a function whose dotted name ends with `name` (`DAG`, `airflow.sdk.DAG`, …). */
export function callsTo(s: PyStructure, name: string): PyCall[] {
  return s.calls.filter((c) => c.func === name || c.func.endsWith(`.${name}`));
}
