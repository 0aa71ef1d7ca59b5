// Kubeflow test helpers: export a Weft file or text the way `weft export --target kubeflow` does.
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { validateText } from '../../../core/validate/validate';
import type { Pipeline } from '../../../core/model/types';
import { exportPipeline, type ExportResult } from '../../../exporters';
import { reader } from '../helpers';

export function exportKfpText(fileName: string, text: string, readFile?: (rel: string) => string | undefined) {
  const v = validateText(fileName, text, { fileExists: () => true });
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${fileName}: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  const pipeline = v.document.value as Pipeline;
  const result: ExportResult = exportPipeline('kubeflow', { pipeline, fileName, readFile });
  const content = result.files[0]!.content;
  const [spec, platform] = loadAll(content) as any[];
  return { pipeline, analysis: v.analysis!, result, content, spec, platform };
}

export function exportKfpFile(file: string) {
  return exportKfpText(file, readFileSync(file, 'utf8'), reader(file));
}

/** The Weft task id → KFP task name mapping kept in the header comment. */
export function namesOf(content: string): Record<string, string> {
  const m = /^# Task names \(Weft id -> KFP task\): (.*)$/m.exec(content);
  return m ? JSON.parse(m[1]!) : {};
}

/** Every leaf task of a DAG (through exit-handler and for-loop DAGs), keyed by name, with its DAG. */
export function leafTasks(spec: any, dag: any = spec.root.dag, out = new Map<string, { task: any; outer: any }>(), outer?: any): Map<string, { task: any; outer: any }> {
  for (const [name, t] of Object.entries<any>(dag.tasks ?? {})) {
    const comp = spec.components[t.componentRef.name];
    if (comp?.dag && (name === 'exit-handler-1' || t.parameterIterator)) leafTasks(spec, comp.dag, out, t.parameterIterator ? t : undefined);
    else out.set(name, { task: t, outer: outer ?? t });
  }
  return out;
}
