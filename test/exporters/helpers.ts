// Shared by the exporter tests: samples, Argo's JSON Schema (widened as the corpora README says),
// and exporting a file the way `weft export` does.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { load } from 'js-yaml';
import { validateText } from '../../core/validate/validate';
import type { Pipeline } from '../../core/model/types';
import { exportPipeline, type ExportResult } from '../../exporters';

export const ROOT = join(__dirname, '..', '..');
export const ARGO_SCHEMA = join(ROOT, '..', 'shared', 'corpora', 'argo', 'schema.json');

export function sampleFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.weft\.(ya?ml|json)$/.test(name)) out.push(p);
    }
  };
  walk(join(ROOT, 'samples'));
  return out;
}

const validators = new Map<boolean, ValidateFunction>();
/**
 * Argo's schema, with IntOrString widened to string|integer (Argo itself accepts both). Argo's
 * schema leaves objects open (unknown fields pass); `closed` adds additionalProperties: false to
 * every definition with properties, so a misspelt field fails too.
 */
export function argoValidator(closed = true): ValidateFunction {
  let v = validators.get(closed);
  if (v) return v;
  const schema = JSON.parse(readFileSync(ARGO_SCHEMA, 'utf8'));
  schema.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { type: ['string', 'integer'] };
  if (closed) {
    for (const d of Object.values(schema.definitions) as Record<string, unknown>[]) {
      if (d.properties && d.additionalProperties === undefined) d.additionalProperties = false;
    }
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
  v = ajv.compile(schema);
  validators.set(closed, v);
  return v;
}

/** '' when `doc` validates against Argo's schema (open as upstream, and closed), else the first errors. */
export function schemaErrors(doc: unknown): string {
  for (const closed of [false, true]) {
    const v = argoValidator(closed);
    if (!v(doc)) return `${closed ? 'closed' : 'upstream'} schema: ${JSON.stringify(v.errors?.slice(0, 5), null, 1)}`;
  }
  return '';
}

export function reader(file: string): (rel: string) => string | undefined {
  const dir = dirname(file);
  return (rel) => {
    const p = resolve(dir, rel);
    return existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined;
  };
}

/** Validates (must be error-free) and exports a pipeline text; also returns core's analysis. */
export function exportText(fileName: string, text: string, readFile?: (rel: string) => string | undefined) {
  const v = validateText(fileName, text, { fileExists: () => true });
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${fileName}: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  const pipeline = v.document.value as Pipeline;
  const result: ExportResult = exportPipeline('argo', { pipeline, fileName, readFile });
  const doc = load(result.files[0]!.content) as any;
  return { pipeline, analysis: v.analysis!, result, doc, spec: doc.kind === 'CronWorkflow' ? doc.spec.workflowSpec : doc.spec };
}

export function exportFile(file: string) {
  return exportText(file, readFileSync(file, 'utf8'), reader(file));
}

/** Task names a DAG task depends on, from `dependencies` or the `depends` expression. */
export function dagDeps(t: { dependencies?: string[]; depends?: string }): string[] {
  if (t.dependencies) return [...t.dependencies].sort();
  if (!t.depends) return [];
  return [...new Set([...t.depends.matchAll(/([a-z0-9][a-z0-9-]*)\.[A-Z]/g)].map((m) => m[1]!))].sort();
}

export function template(spec: any, name: string): any {
  const t = spec.templates.find((x: any) => x.name === name);
  if (!t) throw new Error(`no template ${name}`);
  return t;
}

/** The leaf template of a DAG task (through a parallelism wrapper when there is one). */
export function leafOf(spec: any, dagTask: any): any {
  const t = template(spec, dagTask.template);
  return t.dag && t.parallelism !== undefined ? template(spec, t.dag.tasks[0].template) : t;
}
